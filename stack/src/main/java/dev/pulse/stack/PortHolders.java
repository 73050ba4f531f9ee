package dev.pulse.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Who holds a local TCP port, for the message of a start that finds its port taken: the process
 * listening on it, or the kernel's closed connections still bound to it. Read from Linux's
 * {@code /proc/net/tcp*} and the processes' descriptors; elsewhere, or when they are not readable,
 * it says nothing rather than guess.
 */
public final class PortHolders {

  private static final Path PROC = Path.of("/proc");
  /** The states of {@code /proc/net/tcp}'s {@code st} column, as {@code ss} names them. */
  private static final Map<String, String> STATES = Map.ofEntries(Map.entry("01", "ESTABLISHED"),
      Map.entry("02", "SYN-SENT"), Map.entry("03", "SYN-RECV"), Map.entry("04", "FIN-WAIT-1"),
      Map.entry("05", "FIN-WAIT-2"), Map.entry("06", "TIME-WAIT"), Map.entry("07", "CLOSE"),
      Map.entry("08", "CLOSE-WAIT"), Map.entry("09", "LAST-ACK"), Map.entry("0A", "LISTEN"),
      Map.entry("0B", "CLOSING"));

  private PortHolders() {}

  /**
   * What holds {@code port}, e.g. {@code "LISTEN by pid 4242 (java)"} or {@code "TIME-WAIT
   * (a closed connection)"}; empty when nothing readable does.
   */
  public static Optional<String> describe(int port) {
    List<String> found = new ArrayList<>();
    Set<String> inodes = new HashSet<>();
    for (String table : List.of("net/tcp", "net/tcp6")) {
      for (String[] socket : sockets(PROC.resolve(table))) {
        if (localPort(socket[1]) != port) continue;
        String state = STATES.getOrDefault(socket[3], socket[3]);
        String inode = socket[9];
        if (!"0".equals(inode)) inodes.add(inode);
        found.add(state + ("0".equals(inode) ? " (a closed connection)" : ownerOf(inode).map(o -> " by " + o).orElse("")));
      }
    }
    return found.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", found.stream().distinct().toList()));
  }

  private static List<String[]> sockets(Path table) {
    try (Stream<String> lines = Files.lines(table)) {
      return lines.skip(1).map(String::strip).map(l -> l.split("\\s+")).filter(f -> f.length > 9).toList();
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /** The port of an address such as {@code 0100007F:B66B}. */
  private static int localPort(String address) {
    int colon = address.lastIndexOf(':');
    try {
      return Integer.parseInt(address.substring(colon + 1), 16);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** {@code pid N (command)} of the process with a descriptor on socket {@code inode}. */
  private static Optional<String> ownerOf(String inode) {
    String link = "socket:[" + inode + "]";
    try (Stream<Path> processes = Files.list(PROC)) {
      return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> holds(p.resolve("fd"), link))
          .findFirst()
          .map(p -> {
            long pid = Long.parseLong(p.getFileName().toString());
            String command = ProcessHandle.of(pid).flatMap(h -> h.info().command())
                .map(c -> Path.of(c).getFileName().toString()).orElse("?");
            return String.format(Locale.ROOT, "pid %d (%s)", pid, command);
          });
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean holds(Path fds, String link) {
    try (Stream<Path> descriptors = Files.list(fds)) {
      return descriptors.anyMatch(fd -> {
        try {
          return Files.readSymbolicLink(fd).toString().equals(link);
        } catch (IOException | RuntimeException e) {
          return false;
        }
      });
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
