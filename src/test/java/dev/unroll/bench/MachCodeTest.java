package dev.unroll.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines as OpenJDK 17 prints them for {@code -XX:CompileCommand=print} without hsdis. */
class MachCodeTest {
  private static final String METHOD = "dev.unroll.math.TiledGemm::microKernel";

  private static List<String> compile(String header, String... code) {
    List<String> lines = new ArrayList<>(List.of(header,
        " main code      [0x00007fa19cf5eca0,0x00007fa19cf5f800] = 2912", "", "[MachCode]",
        "[Verified Entry Point]", "  # parm0:    rsi       = int"));
    lines.addAll(List.of(code));
    lines.add("[/MachCode]");
    return lines;
  }

  @Test
  void theLastStandardC2CompileIsReadWordByWordPastRelocationComments() {
    List<String> log = new ArrayList<>();
    log.addAll(compile("Compiled method (c2)    1100 1150       4       " + METHOD + " (1536 bytes)",
        "  0x00007fa19cf5e000: 9090 9090"));
    log.addAll(compile("Compiled method (c2)    1203 1172       4       " + METHOD + " (1536 bytes)",
        "  0x00007fa19cf5eca0: 8984 2400 | c0fe ff55 ",
        "",
        "  0x00007fa19cf5eca8: ;   {oop(a 'java/lang/Class'{0x00000007ffb000e0} = float)}",
        "  0x00007fa19cf5eca8: 49bd e000 | b0ff",
        "  0x00007fa19cf5ecae: 4c63 d8"));
    log.addAll(compile("Compiled method (c2)    1300 1180 %     4       " + METHOD + " @ 471 (1536 bytes)",
        "  0x00007fa19cf70000: cccc"));
    log.addAll(compile("Compiled method (c1)    1400 1190       3       " + METHOD + " (1536 bytes)",
        "  0x00007fa19cf80000: cccc"));
    byte[] expected = {(byte) 0x89, (byte) 0x84, 0x24, 0x00, (byte) 0xc0, (byte) 0xfe, (byte) 0xff, 0x55,
        0x49, (byte) 0xbd, (byte) 0xe0, 0x00, (byte) 0xb0, (byte) 0xff, 0x4c, 0x63, (byte) 0xd8};
    assertArrayEquals(expected, MachCode.lastC2(log, METHOD));
  }

  @Test
  void aLineRepeatingAnAddressAlreadyReadIsSkipped() {
    List<String> log = compile("Compiled method (c2)    1203 1172       4       " + METHOD + " (1536 bytes)",
        "  0x0000000000001000: 0102 0304", "  0x0000000000001000: 0102 0304", "  0x0000000000001004: 05");
    assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, MachCode.lastC2(log, METHOD));
  }

  @Test
  void aMethodOnlyC1OrOnStackReplacementCompiledHasNoCode() {
    List<String> log = compile("Compiled method (c2)    1300 1180 %     4       " + METHOD + " @ 471 (1536 bytes)",
        "  0x00007fa19cf70000: cccc");
    assertNull(MachCode.lastC2(log, METHOD));
  }
}
