package org.labwatch.web.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.internal.config.Configs;
import org.labwatch.web.config.WebConfig;

/**
 * The read check against a real JAAS configuration: Karaf's properties login module over a
 * users.properties in Karaf's format (groups, roles), as the {@code karaf} realm runs it.
 */
class ReadAccessTest {

    private static final String KARAF_PROPERTIES_MODULE =
            "org.apache.karaf.jaas.modules.properties.PropertiesLoginModule";

    @TempDir
    Path dir;

    private Path users;
    private Configuration jaas;

    @BeforeEach
    void realm() throws IOException {
        users = dir.resolve("users.properties");
        Files.writeString(users, """
                tester = secret,_g_:admingroup
                reader = pass:word,viewer
                _g_\\:admingroup = group,admin,manager,viewer
                """);
        jaas = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                Map<String, String> options =
                        Map.of("users", (name.equals("broken") ? dir.resolve("absent.properties") : users).toString());
                return name.equals("karaf") || name.equals("broken")
                        ? new AppConfigurationEntry[] {
                            new AppConfigurationEntry(
                                    KARAF_PROPERTIES_MODULE,
                                    AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                                    options)
                        }
                        : null;
            }
        };
    }

    private ReadAccess access(Map<String, ?> config) {
        return new ReadAccess(Configs.of(WebConfig.class, config), () -> jaas);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void byDefaultEveryoneReads() {
        assertEquals(200, access(Map.of()).check(null).status());
    }

    @Test
    void basicAsksForCredentialsAndAcceptsOnlyTheRealmsUsers() {
        ReadAccess access = access(Map.of("auth", "basic"));

        assertEquals(401, access.check(null).status());
        assertEquals(401, access.check("Bearer abc").status());
        assertEquals(401, access.check("Basic !!!not-base64").status());
        assertEquals(401, access.check(basic("tester", "wrong")).status());
        assertEquals(401, access.check(basic("nobody", "secret")).status());
        assertEquals(200, access.check(basic("tester", "secret")).status());
        // The password is everything after the first colon.
        assertEquals(200, access.check(basic("reader", "pass:word")).status());
        assertEquals(
                200,
                access.check("basic " + basic("tester", "secret").substring(6)).status());
    }

    @Test
    void aRefusalNamesNoUserAndNoReason() {
        ReadAccess.Decision d = access(Map.of("auth", "basic")).check(basic("nobody", "x"));

        assertEquals("authentication required", d.message());
    }

    @Test
    void aRequiredRoleComesFromTheRealmGroupsIncluded() {
        ReadAccess admins = access(Map.of("auth", "basic", "role", "admin"));
        assertEquals(200, admins.check(basic("tester", "secret")).status());
        assertEquals(403, admins.check(basic("reader", "pass:word")).status());

        ReadAccess viewers = access(Map.of("auth", "basic", "role", "viewer"));
        assertEquals(200, viewers.check(basic("reader", "pass:word")).status());
        assertEquals(200, viewers.check(basic("tester", "secret")).status());
    }

    @Test
    void aRealmThatCannotDecideGives503NotAnOpenDoor() {
        assertEquals(
                503,
                access(Map.of("auth", "basic", "realm", "nosuch"))
                        .check(basic("tester", "secret"))
                        .status());
        assertEquals(
                503,
                access(Map.of("auth", "basic", "realm", "broken"))
                        .check(basic("tester", "secret"))
                        .status());
        ReadAccess noJaas = new ReadAccess(Configs.of(WebConfig.class, Map.of("auth", "basic")), () -> {
            throw new SecurityException("no login configuration");
        });
        assertEquals(503, noJaas.check(basic("tester", "secret")).status());
    }

    @Test
    void anUnknownModeRefusesEveryReadRatherThanGuess() {
        assertEquals(503, access(Map.of("auth", "basci")).check(null).status());
        assertEquals(
                503,
                access(Map.of("auth", "basci")).check(basic("tester", "secret")).status());
    }

    @Test
    void aSpellingOtherThanTheConstantsNameIsRefusedNotGuessed() {
        // SCR converts by the exact constant name (ScrConfigConversionTest); Configs.of does the same.
        assertEquals(
                503,
                access(Map.of("auth", " Basic "))
                        .check(basic("tester", "secret"))
                        .status());
        assertEquals(503, access(Map.of("auth", "NONE")).check(null).status());
    }

    @Test
    void aChangedSettingAppliesToTheNextRequest() {
        ReadAccess access = access(Map.of());
        assertEquals(200, access.check(null).status());

        access.modified(Configs.of(WebConfig.class, Map.of("auth", "basic")));
        assertEquals(401, access.check(null).status());
        assertEquals(200, access.check(basic("tester", "secret")).status());

        access.modified(Configs.of(WebConfig.class, Map.of("auth", "none")));
        assertEquals(200, access.check(null).status());
    }

    @Test
    void usersFileEditsApplyAtTheNextLogin() throws IOException {
        ReadAccess access = access(Map.of("auth", "basic"));
        assertEquals(200, access.check(basic("tester", "secret")).status());

        Files.writeString(users, "tester = changed,_g_:admingroup\n_g_\\:admingroup = group,admin\n");

        assertEquals(401, access.check(basic("tester", "secret")).status());
        assertEquals(200, access.check(basic("tester", "changed")).status());
    }

    @Test
    void basicCredentialsAreUtf8AndSplitAtTheFirstColon() {
        BasicCredentials c = BasicCredentials.of(basic("Zoë", "a:b")).orElseThrow();
        assertEquals("Zoë", c.user());
        assertArrayEquals("a:b".toCharArray(), c.password());
        assertTrue(BasicCredentials.of(
                        "Basic " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, ':', 'x'}))
                .isEmpty());
        assertTrue(BasicCredentials.of(basic("", "x")).isEmpty());
    }
}
