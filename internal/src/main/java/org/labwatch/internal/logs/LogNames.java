package org.labwatch.internal.logs;

/**
 * Which file names are logs to readers, and which log is a run's when its status names none (the
 * Python tool's): every log store finds them by the same names.
 */
public final class LogNames {

    private static final int STAMP_LENGTH = "YYYYmmdd_HHMMSS.log".length();

    private LogNames() {}

    /** A log readers follow: {@code *.log}, not a hidden (temporary) file. */
    public static boolean isLog(String fileName) {
        return fileName.endsWith(".log") && !fileName.startsWith(".");
    }

    /**
     * Whether {@code fileName} is named as a run of {@code experimentName} names its log,
     * {@code <experimentName>_YYYYmmdd_HHMMSS.log}; of several, readers take the newest.
     */
    public static boolean isRunLogOf(String fileName, String experimentName) {
        return experimentName.equals(experimentOf(fileName));
    }

    /**
     * The experiment a log is named after when it is named as a run's log,
     * {@code <experimentName>_YYYYmmdd_HHMMSS.log}; null otherwise.
     */
    public static String experimentOf(String fileName) {
        int cut = fileName.length() - 1 - STAMP_LENGTH;
        if (cut < 0 || !fileName.endsWith(".log") || fileName.charAt(cut) != '_') {
            return null;
        }
        return fileName.substring(0, cut);
    }
}
