package dev.unroll.spark.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ReadScratchTest {
  @Test
  void aRowGroupsChunkBuffersAreHandedOutAgainOnlyOnceTheNextRowGroupStarts() {
    ReadScratch scratch = new ReadScratch();
    ByteBuffer first = scratch.allocate(1000);
    ByteBuffer second = scratch.allocate(1000);
    assertNotSame(first, second, "two chunks of one row group");
    first.put(new byte[1000]).flip();

    scratch.startRowGroup();
    ByteBuffer again = scratch.allocate(600);
    assertSame(first, again, "a buffer the last row group used, large enough");
    assertEquals(0, again.position());
    assertEquals(600, again.limit(), "limited to what was asked, not its capacity");
    assertNotSame(again, scratch.allocate(600));
    assertEquals(2000, scratch.allocate(2000).capacity(), "none kept is large enough: a new one");
  }

  @Test
  void eachChunkOfARowGroupGetsItsOwnPageBufferAndTheNextRowGroupTheSameOnes() {
    ReadScratch scratch = new ReadScratch();
    ReadScratch.PageBuffer a = scratch.nextPageBuffer();
    ReadScratch.PageBuffer b = scratch.nextPageBuffer();
    assertNotSame(a, b);
    byte[] grown = a.atLeast(64);
    assertEquals(64, grown.length);
    assertSame(grown, a.atLeast(10), "a buffer large enough is kept");

    scratch.startRowGroup();
    assertSame(a, scratch.nextPageBuffer());
    assertSame(b, scratch.nextPageBuffer());
  }

  @Test
  void levelsArePerColumnAndKeepWhatTheCursorGrewThemTo() {
    ReadScratch scratch = new ReadScratch();
    ReadScratch.Levels zero = scratch.levels(0);
    ReadScratch.Levels two = scratch.levels(2);
    assertNotSame(zero, two);
    zero.rep = new int[] {1, 2, 3};
    assertSame(zero, scratch.levels(0));
    assertArrayEquals(new int[] {1, 2, 3}, scratch.levels(0).rep);
  }
}
