package com.changebank.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A TCP port on the loopback interface that nothing listens on now. */
public final class FreePort {

    private FreePort() {
    }

    public static int find() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }

    /** Whether a server could listen on {@code port} of 127.0.0.1 now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops a run early, before anything starts, when {@code port} (set by {@code -Dproperty}) is taken. */
    public static void require(int port, String property) {
        if (!isFree(port)) {
            throw new IllegalStateException("Port " + port + " is in use. Stop what uses it, or choose another port"
                    + " with -D" + property + "=PORT.");
        }
    }
}
