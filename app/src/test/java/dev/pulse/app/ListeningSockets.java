package dev.pulse.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which addresses a TCP port listens on, as the kernel lists them in {@code /proc/net/tcp} and
 * {@code /proc/net/tcp6} (Linux), and this machine's own addresses beyond loopback.
 */
final class ListeningSockets {

  private static final String LISTEN = "0A";

  private ListeningSockets() {}

  static boolean available() {
    return Files.isReadable(Path.of("/proc/net/tcp"));
  }

  /** The local addresses of the sockets listening on this port, IPv4 and IPv6. */
  static List<InetAddress> boundAddresses(int port) {
    List<InetAddress> found = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path file = Path.of(table);
      if (!Files.isReadable(file)) continue;
      try {
        for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
          String[] f = line.trim().split("\\s+");
          String[] local = f[1].split(":");
          if (f[3].equals(LISTEN) && Integer.parseInt(local[1], 16) == port) found.add(address(local[0]));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return found;
  }

  /** The kernel prints each 32-bit word of the address in host (little-endian) byte order. */
  private static InetAddress address(String hex) {
    byte[] bytes = new byte[hex.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int b = 0; b < 4; b++) {
        int at = word * 8 + (3 - b) * 2;
        bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
      }
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(hex, e);
    }
  }

  /** This machine's own addresses that are not loopback (nor link-local): where other machines reach it. */
  static List<InetAddress> ownNonLoopbackAddresses() {
    List<InetAddress> own = new ArrayList<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp()) continue;
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (!a.isLoopbackAddress() && !a.isLinkLocalAddress()) own.add(a);
        }
      }
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
    return own;
  }

  /** Whether a TCP connection to this address and port is accepted. */
  static boolean accepts(InetAddress address, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
