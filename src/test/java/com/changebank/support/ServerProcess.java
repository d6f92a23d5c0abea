package com.changebank.support;

import com.sun.management.UnixOperatingSystemMXBean;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The application server's JVM, seen from the test's: found by the port it listens on (Linux only) and read through
 * the JDK's attach API and a JMX connection, so that the figures are the server's and not the test's.
 */
public final class ServerProcess implements AutoCloseable {

    private static final int GC_ROUNDS = 3;

    private final long pid;
    private final JMXConnector connector;
    private final MemoryMXBean memory;
    private final ThreadMXBean threads;
    private final UnixOperatingSystemMXBean os;

    /** What the server holds: heap in use after a full GC, live threads, open file descriptors. */
    public record Usage(long heapBytes, int threads, long openFiles) {
    }

    private ServerProcess(long pid, JMXConnector connector) throws IOException {
        this.pid = pid;
        this.connector = connector;
        MBeanServerConnection server = connector.getMBeanServerConnection();
        memory = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.MEMORY_MXBEAN_NAME,
                MemoryMXBean.class);
        threads = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.THREAD_MXBEAN_NAME,
                ThreadMXBean.class);
        os = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME,
                UnixOperatingSystemMXBean.class);
    }

    /**
     * Attaches to the JVM listening on {@code port} and starts its local management agent. The connection stays open
     * until {@link #close()}: the agent's threads and sockets then count the same in every {@link #usage()}.
     */
    public static ServerProcess listeningOn(int port) {
        long pid = pidListeningOn(port);
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            String address;
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            return new ServerProcess(pid, JMXConnectorFactory.connect(new JMXServiceURL(address)));
        } catch (AttachNotSupportedException | IOException e) {
            throw new IllegalStateException("Cannot attach to pid " + pid + ", the server on port " + port, e);
        }
    }

    public long pid() {
        return pid;
    }

    /**
     * Heap after several full GCs a second apart: what the last requests left (an invalidated session, a finished
     * request's objects) may need a moment, or more than one collection, to go.
     */
    public Usage usage() {
        for (int round = 0; round < GC_ROUNDS; round++) {
            sleep(1000);
            memory.gc();
        }
        return new Usage(memory.getHeapMemoryUsage().getUsed(), threads.getThreadCount(),
                os.getOpenFileDescriptorCount());
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The process holding the listening socket of {@code port}: the socket's inode, then the process with it open. */
    static long pidListeningOn(int port) {
        String socket = "socket:[" + listeningInode(port) + "]";
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                if (holds(process, socket)) {
                    return Long.parseLong(process.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("No process of ours holds " + socket + ", listening on port " + port);
    }

    /** A line of /proc/net/tcp*: number, local address:port (hex), remote address, state (0A listens), ..., inode. */
    private static String listeningInode(int port) {
        String localPort = String.format(":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                Optional<String> inode = Files.readAllLines(Path.of(table)).stream().skip(1)
                        .map(line -> line.trim().split("\\s+"))
                        .filter(fields -> fields[1].endsWith(localPort) && fields[3].equals("0A"))
                        .map(fields -> fields[9])
                        .findFirst();
                if (inode.isPresent()) {
                    return inode.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("Nothing listens on port " + port);
    }

    /** Other users' processes, and those that end while we look, cannot be read: not ours, or not the server. */
    private static boolean holds(Path process, String socket) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path fd : fds) {
                if (socket.equals(readLink(fd))) {
                    return true;
                }
            }
        } catch (IOException | SecurityException e) {
            return false;
        }
        return false;
    }

    private static String readLink(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
