package com.changebank.tools;

import java.util.List;

/**
 * How a lone ChangeBank instance starts: {@code ./mvnw -Prun}, the README's uber-jar command and the benchmark's load
 * (the Docker image has the same options, with a heap relative to the container's memory; DockerComposeTest).
 */
public final class LoneInstance {

    /**
     * The serial collector and a heap sized to ChangeBank (about 70 MB live after a full GC under load), which
     * G1 would grow to hundreds of MB on a large machine. Not C1 only ({@code -XX:TieredStopAtLevel=1}): it cuts the
     * start's CPU by 40%, but doubles a page's. Measured by {@code ./mvnw -Pbench -Dbench.plain} (docs/performance.md).
     */
    public static final List<String> JVM = List.of("-XX:+UseSerialGC", "-Xmx160m");

    /** What the start-up attempts add to {@link #JVM} to show C1 only's share. */
    public static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    /** Payara Micro without Hazelcast: a lone instance shares its sessions with nobody. */
    public static final List<String> PAYARA = List.of("--nohazelcast");

    private LoneInstance() {
    }
}
