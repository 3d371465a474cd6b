package dev.unroll.spark.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;

/**
 * One column chunk's pages, one page at a time: its repetition and definition levels decoded into int
 * arrays, and its non-null values, PLAIN (copied in bulk, little endian, into a vector) or dictionary
 * ids (decoded in bulk, then looked up). Version 1 and 2 data pages; any other encoding is an error,
 * which the file check ({@link FileCheck}) rules out before a batch is read.
 */
// PLAIN_DICTIONARY is deprecated in parquet-mr's API, yet its version 1 writer (Spark's default) still writes it;
// BytesInput.toByteBuffer() from 1.15 on, and its replacement is missing from the 1.13 of the Spark 3.5 lines
@SuppressWarnings("deprecation")
final class PageCursor {
  private final PageReader pages;
  private final ColumnShape.Leaf leaf;
  private final int maxRep;
  private final int maxDef;
  private final String column;
  private long[] dictionary;
  int[] rep = new int[0];
  int[] def = new int[0];
  /** Level entries in the current page, and the next one to read. */
  int count;
  int pos;
  private byte[] values;
  private int valuePos;
  /** The current page's bytes: {@code loaded[..loadedEnd]}, from where {@link #load} returns. */
  private byte[] loaded;
  private int loadedEnd;
  private int[] ids = new int[0];
  private int idPos;
  private boolean dictionaryEncoded;

  PageCursor(PageReader pages, ColumnShape shape, int maxRep, String column) throws IOException {
    this.pages = pages;
    this.leaf = shape.leaf();
    this.maxRep = maxRep;
    this.maxDef = shape.maxDef();
    this.column = column;
    DictionaryPage dict = pages.readDictionaryPage();
    if (dict != null) {
      readDictionary(dict);
    }
  }

  /** Moves to the next page; false at the end of the chunk. */
  boolean nextPage() throws IOException {
    DataPage page = pages.readPage();
    if (page == null) {
      return false;
    }
    count = page.getValueCount();
    pos = 0;
    if (rep.length < count) {
      rep = new int[count];
      def = new int[count];
    }
    byte[] data;
    int at;
    Encoding encoding;
    if (page instanceof DataPageV1 v1) {
      if ((maxRep > 0 && v1.getRlEncoding() != Encoding.RLE) || (maxDef > 0 && v1.getDlEncoding() != Encoding.RLE)) {
        throw new IllegalStateException(column + ": levels encoded " + v1.getRlEncoding() + "/" + v1.getDlEncoding());
      }
      int start = load(v1.getBytes());
      data = loaded;
      at = levelsV1(data, start, maxRep, rep);
      at = levelsV1(data, at, maxDef, def);
      encoding = v1.getValueEncoding();
    } else if (page instanceof DataPageV2 v2) {
      levelsV2(v2.getRepetitionLevels(), maxRep, rep);
      levelsV2(v2.getDefinitionLevels(), maxDef, def);
      at = load(v2.getData());
      data = loaded;
      encoding = v2.getDataEncoding();
    } else {
      throw new IllegalStateException(column + ": unknown page " + page);
    }
    if (encoding == Encoding.PLAIN) {
      dictionaryEncoded = false;
      values = data;
      valuePos = at;
    } else if (encoding == Encoding.PLAIN_DICTIONARY || encoding == Encoding.RLE_DICTIONARY) {
      if (dictionary == null) {
        throw new IllegalStateException(column + ": a dictionary-encoded page without a dictionary");
      }
      dictionaryEncoded = true;
      int present = count;
      if (maxDef > 0) {
        present = 0;
        for (int i = 0; i < count; i++) {
          present += def[i] == maxDef ? 1 : 0;
        }
      }
      if (ids.length < present) {
        ids = new int[present];
      }
      // one byte of bit width, then the ids
      HybridDecoder.decode(data, at + 1, loadedEnd, data[at] & 0xff, ids, present);
      idPos = 0;
    } else {
      throw new IllegalStateException(column + ": values encoded " + encoding + ", which this reader does not decode");
    }
    return true;
  }

  /** Copies the next {@code n} non-null values into {@code vector} from {@code rowId}. */
  void copyValues(WritableColumnVector vector, int rowId, int n) {
    if (n == 0) {
      return;
    }
    if (!dictionaryEncoded) {
      switch (leaf) {
        case INT32 -> vector.putIntsLittleEndian(rowId, n, values, valuePos);
        case INT64 -> vector.putLongsLittleEndian(rowId, n, values, valuePos);
        case FLOAT -> vector.putFloatsLittleEndian(rowId, n, values, valuePos);
        case DOUBLE -> vector.putDoublesLittleEndian(rowId, n, values, valuePos);
      }
      valuePos += n * leaf.width;
      return;
    }
    long[] dict = dictionary;
    int[] id = ids;
    int from = idPos;
    switch (leaf) {
      case INT32 -> {
        for (int i = 0; i < n; i++) {
          vector.putInt(rowId + i, (int) dict[id[from + i]]);
        }
      }
      case INT64 -> {
        for (int i = 0; i < n; i++) {
          vector.putLong(rowId + i, dict[id[from + i]]);
        }
      }
      case FLOAT -> {
        for (int i = 0; i < n; i++) {
          vector.putFloat(rowId + i, Float.intBitsToFloat((int) dict[id[from + i]]));
        }
      }
      case DOUBLE -> {
        for (int i = 0; i < n; i++) {
          vector.putDouble(rowId + i, Double.longBitsToDouble(dict[id[from + i]]));
        }
      }
    }
    idPos += n;
  }

  /**
   * Points {@link #loaded} at {@code bytes}, in place when they are one heap array (a decompressed page,
   * or an uncompressed one inside its column chunk), and returns where they start.
   */
  private int load(BytesInput bytes) throws IOException {
    ByteBuffer buffer = bytes.toByteBuffer();
    if (buffer.hasArray()) {
      loaded = buffer.array();
      int start = buffer.arrayOffset() + buffer.position();
      loadedEnd = start + buffer.remaining();
      return start;
    }
    loaded = bytes.toByteArray();
    loadedEnd = loaded.length;
    return 0;
  }

  private void readDictionary(DictionaryPage page) throws IOException {
    Encoding e = page.getEncoding();
    if (e != Encoding.PLAIN && e != Encoding.PLAIN_DICTIONARY) {
      throw new IllegalStateException(column + ": a dictionary encoded " + e);
    }
    ByteBuffer bytes = ByteBuffer.wrap(page.getBytes().toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    dictionary = new long[page.getDictionarySize()];
    for (int i = 0; i < dictionary.length; i++) {
      dictionary[i] = leaf.width == 4 ? bytes.getInt() : bytes.getLong();
    }
  }

  /** A version 1 page's levels (a little-endian byte length, then RLE) from {@code at}; returns where they end. */
  private int levelsV1(byte[] data, int at, int maxLevel, int[] out) {
    if (maxLevel == 0) {
      java.util.Arrays.fill(out, 0, count, 0);
      return at;
    }
    int length = (data[at] & 0xff) | (data[at + 1] & 0xff) << 8 | (data[at + 2] & 0xff) << 16 | (data[at + 3] & 0xff) << 24;
    HybridDecoder.decode(data, at + 4, at + 4 + length, HybridDecoder.width(maxLevel), out, count);
    return at + 4 + length;
  }

  /** A version 2 page's levels: RLE without a length, stored apart and never compressed. */
  private void levelsV2(BytesInput levels, int maxLevel, int[] out) throws IOException {
    if (maxLevel == 0) {
      java.util.Arrays.fill(out, 0, count, 0);
      return;
    }
    byte[] bytes = levels.toByteArray();
    HybridDecoder.decode(bytes, 0, bytes.length, HybridDecoder.width(maxLevel), out, count);
  }
}
