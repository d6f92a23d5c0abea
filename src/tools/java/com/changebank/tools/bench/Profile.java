package com.changebank.tools.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a page's CPU goes: the share of a Java Flight Recorder recording's execution samples in which each method
 * is on the stack (its inclusive time), for the methods whose class matches a pattern. How to record one, and the
 * figures it gave: docs/performance.md.
 * <pre>
 * java -cp target/test-classes com.changebank.tools.bench.Profile page.jfr 'krazo|changebank|jersey.server|soteria' 30
 * </pre>
 */
public final class Profile {

    private Profile() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("Usage: Profile RECORDING.jfr CLASS_PATTERN [ROWS]");
            System.exit(2);
        }
        Pattern classes = Pattern.compile(args[1]);
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        Map<String, Integer> inclusive = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            samples++;
            Set<String> onStack = new HashSet<>();
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                String method = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
                if (classes.matcher(method).find()) {
                    onStack.add(method);
                }
            }
            onStack.forEach(method -> inclusive.merge(method, 1, Integer::sum));
        }
        System.out.printf(Locale.ROOT, "%d execution samples%n", samples);
        int total = Math.max(samples, 1);
        List<Map.Entry<String, Integer>> top = inclusive.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(rows).toList();
        for (Map.Entry<String, Integer> entry : top) {
            System.out.printf(Locale.ROOT, "%5.1f%%  %s%n", 100.0 * entry.getValue() / total, entry.getKey());
        }
    }
}
