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
        return fileName.endsWith(".log")
                && fileName.length() == experimentName.length() + 1 + STAMP_LENGTH
                && fileName.startsWith(experimentName)
                && fileName.charAt(experimentName.length()) == '_';
    }
}
