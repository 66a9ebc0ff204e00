package org.labwatch.internal.ship;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import javax.imageio.ImageIO;

/** An experiment directory written as a writer would: appended logs, atomically replaced status files, plots. */
final class Experiments {

    final Path expt;
    final Path monitoring;

    Experiments(Path expt) throws IOException {
        this.expt = expt;
        this.monitoring = expt.resolve("monitoring");
        for (String d : new String[] {"logs", "metrics", "status", "plots"}) {
            Files.createDirectories(monitoring.resolve(d));
        }
    }

    Path file(String relative) {
        return monitoring.resolve(relative);
    }

    void append(String relative, String text) throws IOException {
        Files.writeString(
                file(relative), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** A status the server's store reads as one, replaced atomically as the JSON store does. */
    void status(String experiment, int step) throws IOException {
        String json = "{\"experiment_name\": \"" + experiment + "\", \"status\": \"running\", \"current_step\": " + step
                + ", \"total_steps\": 10}";
        Path target = file("status/" + experiment + "_status.json");
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.writeString(tmp, json);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    void plot(String fileName, Color color) throws IOException {
        Files.write(file("plots/" + fileName), png(color));
    }

    static byte[] png(Color color) throws IOException {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, 8, 8);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    byte[] bytes(String relative) throws IOException {
        return Files.readAllBytes(file(relative));
    }
}
