package org.labwatch.plots;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/** Real images made with javax.imageio, as an experiment would make them. */
final class Images {

    private Images() {}

    static byte[] png(int size, long seed) {
        return encode(image(size, seed, BufferedImage.TYPE_INT_ARGB), "png");
    }

    static byte[] jpeg(int size) {
        return encode(image(size, 1, BufferedImage.TYPE_INT_RGB), "jpeg");
    }

    private static BufferedImage image(int size, long seed, int type) {
        BufferedImage image = new BufferedImage(size, size, type);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, size, size);
        Random random = new Random(seed);
        for (int i = 0; i < size; i++) {
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            g.drawLine(i, size / 2, i, random.nextInt(size));
        }
        g.dispose();
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
