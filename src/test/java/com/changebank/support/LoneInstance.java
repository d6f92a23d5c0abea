package com.changebank.support;

import java.util.List;

/**
 * How a lone ChangeBank instance starts: {@code ./mvnw -Prun}, the README's uber-jar command and the benchmark's load
 * (the Docker image has the same options, with a heap relative to the container's memory; DockerComposeTest).
 */
public final class LoneInstance {

    /**
     * The serial collector and a heap sized to ChangeBank (about 70 MB live after a full GC under load), which
     * G1 would grow to hundreds of MB on a large machine; C1 only, which halves the CPU of the start and keeps the
     * C2 compiler's memory out. Measured by {@code ./mvnw -Pbench -Dbench.plain} (README, Performance).
     */
    public static final List<String> JVM = List.of("-XX:+UseSerialGC", "-Xmx160m", "-XX:TieredStopAtLevel=1");

    /** Payara Micro without Hazelcast: a lone instance shares its sessions with nobody. */
    public static final List<String> PAYARA = List.of("--nohazelcast");

    private LoneInstance() {
    }
}
