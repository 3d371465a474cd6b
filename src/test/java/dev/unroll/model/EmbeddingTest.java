package dev.unroll.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EmbeddingTest {
  private final Embedding table = new Embedding(3, 2, new float[] {0f, 1f, 10f, 11f, 20f, 21f});

  @Test
  void idKBecomesRowKOfTheTable() {
    float[] steps = new float[6];
    table.copyRow(2, steps, 0);
    table.copyRow(0, steps, 2);
    table.copyRow(1, steps, 4);
    assertArrayEquals(new float[] {20f, 21f, 0f, 1f, 10f, 11f}, steps);
  }

  @Test
  void idsOutsideTheVocabularyHaveNoRow() {
    assertTrue(table.contains(0) && table.contains(2));
    assertFalse(table.contains(-1) || table.contains(3));
    assertEquals("token id 3 is outside the embedding's vocabulary 0..2",
        assertThrows(IllegalArgumentException.class, () -> table.copyRow(3, new float[2], 0)).getMessage());
  }

  @Test
  void aTableOfTheWrongSizeIsRefused() {
    assertEquals("embedding: table should hold 3 x 2 = 6 floats, found 5", assertThrows(
        IllegalArgumentException.class, () -> new Embedding(3, 2, new float[5])).getMessage());
  }
}
