package com.changebank.support;

import java.time.Duration;

/** A test's wait for time to pass: for a token or a session to expire, or for a server to notice a change. */
public final class Pause {

    private Pause() {
    }

    /** Sleeps for {@code duration}; an interrupt ends the wait early and stays set. */
    public static void pause(Duration duration) {
        try {
            Thread.sleep(Math.max(0, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
