package dev.unroll.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bytes of the last standard (not on-stack-replacement) C2 compile of one method, out of the log of
 * {@code -XX:CompileCommand=print,...}. Without the hsdis disassembler the JVM prints a method's code as
 * hex words after {@code [MachCode]}, with an address per line; lines repeated for a relocation comment
 * start at an address already read and are skipped. {@code jobs/compiled-code.sh} disassembles the bytes
 * with objdump.
 *
 * <p>{@code MachCode LOG METHOD OUT.bin}, METHOD as the log names it ({@code
 * dev.unroll.math.TiledGemm::microKernel}); exits 1 when the log has no such compile.
 */
public final class MachCode {
  private static final Pattern LINE = Pattern.compile("\\s*0x([0-9a-f]+): ((?:[0-9a-f]{2,8}\\s*\\|?\\s*)+)$");

  private MachCode() {}

  public static void main(String[] args) throws IOException {
    byte[] code = lastC2(Files.readAllLines(Path.of(args[0])), args[1]);
    if (code == null) {
      System.err.println("no C2 compile of " + args[1] + " in " + args[0]);
      System.exit(1);
    }
    Files.write(Path.of(args[2]), code);
  }

  /** The code of the last C2 (tier 4), not-OSR compile of {@code method}, or null. */
  static byte[] lastC2(List<String> log, String method) {
    // "Compiled method (c2)  TIME ID  4  METHOD (": an on-stack replacement has "%" before the 4
    Pattern header = Pattern.compile(
        "Compiled method \\(c2\\)\\s+\\d+\\s+\\d+\\s+4\\s+" + Pattern.quote(method) + " \\(");
    int start = -1;
    for (int i = 0; i < log.size(); i++) {
      if (header.matcher(log.get(i)).find()) {
        start = i;
      }
    }
    if (start < 0) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long next = -1;
    boolean inCode = false;
    for (int i = start; i < log.size(); i++) {
      String line = log.get(i);
      if (line.startsWith("[MachCode]")) {
        inCode = true;
      } else if (line.startsWith("[/MachCode]")) {
        break;
      } else if (inCode) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
          continue;
        }
        long address = Long.parseUnsignedLong(m.group(1), 16);
        if (next >= 0 && address != next) {
          continue; // a line repeated for a relocation comment
        }
        String hex = m.group(2).replaceAll("[\\s|]", "");
        for (int k = 0; k < hex.length(); k += 2) {
          out.write(Integer.parseInt(hex.substring(k, k + 2), 16));
        }
        next = address + hex.length() / 2;
      }
    }
    return out.toByteArray();
  }
}
