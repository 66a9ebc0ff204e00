package org.labwatch.notify.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.labwatch.spi.Delivery;
import org.labwatch.spi.Notifier;

/** check() of the webhook types: each bad setting is a sentence naming it, and never repeats a secret. */
class WebhookSettingsCheckTest {

    @TempDir
    Path tmp;

    static List<String> check(String type, Map<String, String> props) {
        return HttpOutcomesTest.notifier(type).check(Items.settings(type, props));
    }

    @ParameterizedTest
    @ValueSource(strings = {"slack", "mattermost", "teams", "ntfy"})
    void aWellFormedChannelHasNoProblems(String type) {
        assertEquals(List.of(), check(type, Map.of("url", "https://hooks.example.org/abc")));
        assertEquals(List.of(), check(type, Map.of("url", "http://10.0.0.5:8080/x", "timeoutSeconds", "600")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"slack", "mattermost", "teams", "ntfy"})
    void url(String type) {
        List<String> missing = check(type, Map.of());
        assertEquals(1, missing.size());
        assertTrue(missing.get(0).startsWith("url is missing: "), missing.get(0));
        assertEquals(
                List.of("url must be an http:// or https:// address"),
                check(type, Map.of("url", "ftp://files.example.org/T0K3N")));
        assertEquals(List.of("url must be an http:// or https:// address"), check(type, Map.of("url", "T0K3N")));
        assertEquals(
                List.of("url is not a well-formed address (Illegal character in authority)"),
                check(type, Map.of("url", "https://hooks example.org/T0K3N")));
        assertEquals(List.of("url has no host name"), check(type, Map.of("url", "https:///T0K3N")));
        for (String url : List.of("ftp://files.example.org/T0K3N", "https://hooks example.org/T0K3N")) {
            check(type, Map.of("url", url)).forEach(p -> assertTrue(!p.contains("T0K3N"), p));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"slack", "mattermost", "teams", "ntfy"})
    void timeoutSeconds(String type) {
        for (String bad : List.of("0", "601", "ten", "1.5")) {
            assertEquals(
                    List.of("timeoutSeconds must be a whole number from 1 to 600, got '" + bad + "'"),
                    check(type, Map.of("url", "https://h.example.org/x", "timeoutSeconds", bad)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"slack", "mattermost", "teams", "ntfy"})
    void aChannelWithProblemsSendsNothingAndSaysWhy(String type) {
        Notifier n = HttpOutcomesTest.notifier(type);
        Delivery d = n.deliver(Items.settings(type, Map.of("url", "mailto:x")), Items.one(Items.failed()));
        assertEquals(Delivery.failed("url must be an http:// or https:// address"), d);
    }

    @Test
    void ntfyPriority() {
        assertEquals(
                List.of("priority must be 1 to 5 or min, low, default, high, urgent, got '7'"),
                check("ntfy", Map.of("url", "https://ntfy.sh/t", "priority", "7")));
        assertEquals(
                List.of("priority must be 1 to 5 or min, low, default, high, urgent, got 'loud'"),
                check("ntfy", Map.of("url", "https://ntfy.sh/t", "priority", "loud")));
    }

    @Test
    void ntfyTags() {
        assertEquals(
                List.of("tags must be comma-separated words of printable ASCII (emoji short codes), got 'kühl'"),
                check("ntfy", Map.of("url", "https://ntfy.sh/t", "tags", "lab, kühl")));
    }

    @Test
    void ntfyTokenOrTokenFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("token"), "tk_x\n");
        assertEquals(
                List.of("set token or tokenFile, not both"),
                check("ntfy", Map.of("url", "https://ntfy.sh/t", "token", "tk_y", "tokenFile", file.toString())));
        Path absent = tmp.resolve("absent");
        assertEquals(
                List.of("tokenFile " + absent + " cannot be read (NoSuchFileException)"),
                check("ntfy", Map.of("url", "https://ntfy.sh/t", "tokenFile", absent.toString())));
        Path empty = Files.writeString(tmp.resolve("empty"), "\n");
        assertEquals(
                List.of("tokenFile " + empty + " is empty"),
                check("ntfy", Map.of("url", "https://ntfy.sh/t", "tokenFile", empty.toString())));
        assertEquals(List.of(), check("ntfy", Map.of("url", "https://ntfy.sh/t", "tokenFile", file.toString())));
    }
}
