package com.changebank.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The sockets a process (and its descendants) listens on, read from Linux's {@code /proc}: the socket inodes of
 * {@code /proc/PID/fd}, matched to the listening TCP and the bound UDP sockets of {@code /proc/net/{tcp,tcp6,udp,udp6}}.
 * What {@code ss -ltnup} shows, without needing {@code ss}.
 */
public final class ListeningSockets {

    /** One socket: its protocol ({@code tcp}, {@code tcp6}, {@code udp}, {@code udp6}), address and port. */
    public record Socket(String protocol, InetAddress address, int port) {
        public boolean loopback() {
            // InetAddress turns an IPv4-mapped ::ffff:127.0.0.1 into 127.0.0.1 itself.
            return address.isLoopbackAddress();
        }

        @Override
        public String toString() {
            return protocol + " " + address.getHostAddress() + ":" + port;
        }
    }

    /** {@code /proc/net/tcp}'s state of a listening socket; an unconnected UDP socket is in state 07 (CLOSE). */
    private static final String TCP_LISTEN = "0A";
    private static final String UDP_UNCONNECTED = "07";

    private ListeningSockets() {
    }

    /** Linux only: elsewhere there is no {@code /proc/net}. */
    public static boolean readable() {
        return Files.isReadable(Path.of("/proc/net/tcp"));
    }

    public static List<Socket> of(ProcessHandle process) {
        Set<String> inodes = new HashSet<>();
        Stream.concat(Stream.of(process), process.descendants()).forEach(p -> inodes.addAll(socketInodes(p.pid())));
        List<Socket> sockets = new ArrayList<>();
        for (String protocol : List.of("tcp", "tcp6", "udp", "udp6")) {
            String state = protocol.startsWith("tcp") ? TCP_LISTEN : UDP_UNCONNECTED;
            for (String line : lines(Path.of("/proc/net", protocol))) {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
                String[] fields = line.strip().split("\\s+");
                if (fields.length > 9 && fields[3].equals(state) && inodes.contains(fields[9])) {
                    String[] local = fields[1].split(":");
                    sockets.add(new Socket(protocol, address(local[0]), Integer.parseInt(local[1], 16)));
                }
            }
        }
        return sockets;
    }

    private static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // The descriptor was closed while being listed.
                }
            });
        } catch (IOException gone) {
            // The process ended meanwhile.
        }
        return inodes;
    }

    /**
     * {@code /proc/net}'s hexadecimal address: 4 or 16 bytes, written as 32-bit words in the machine's byte order
     * (little-endian on x86 and ARM), so each word's bytes are reversed.
     */
    private static InetAddress address(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                int from = 2 * (word + 3 - i);
                bytes[word + i] = (byte) Integer.parseInt(hex.substring(from, from + 2), 16);
            }
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(hex, e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).stream().skip(1).toList() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
