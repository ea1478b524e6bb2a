using Kosmo.Core;

namespace Kosmo.Data.Panel;

/// <summary>
/// Columnar, chunked in-memory copy of the bar rows read from the database (about 52 bytes a row), so the calendar and
/// code set are known before the panel is allocated. Chunks avoid the doubling copies of one growing array.
/// Row r lives in chunk r &gt;&gt; 16 at offset r &amp; 0xFFFF.
/// </summary>
internal sealed class BarBuffer
{
    internal const int Shift = 16;
    internal const int ChunkSize = 1 << Shift;
    internal const int Mask = ChunkSize - 1;
    internal const int FloatCount = 10;

    private readonly List<Chunk> _chunks = [];

    /// <summary>
    /// Joins per-source buffers (read in parallel) into one by chaining their chunks: row r of part k becomes row
    /// <c>rowOffsets[k] + r</c>. Each part starts on a chunk boundary, so rows are not copied.
    /// </summary>
    public static BarBuffer Concat(IReadOnlyList<BarBuffer> parts, out int[] rowOffsets)
    {
        var combined = new BarBuffer();
        rowOffsets = new int[parts.Count];
        for (var k = 0; k < parts.Count; k++)
        {
            rowOffsets[k] = combined._chunks.Count << Shift;
            combined._chunks.AddRange(parts[k]._chunks);
            combined.Count = (combined._chunks.Count << Shift) - (parts[k].Count == 0 ? 0 : ChunkSize - ((parts[k].Count - 1 & Mask) + 1));
        }

        return combined;
    }

    /// <summary>Number of rows.</summary>
    public int Count { get; private set; }

    /// <summary>The chunk holding row r.</summary>
    public Chunk this[int chunk] => _chunks[chunk];

    /// <summary>Appends a row slot and returns (chunk, offset) to fill.</summary>
    public (Chunk Chunk, int Offset) Append()
    {
        var offset = Count & Mask;
        if (offset == 0)
        {
            _chunks.Add(new Chunk());
        }

        Count++;
        return (_chunks[^1], offset);
    }

    /// <summary>One chunk of rows: day numbers, code ids, flags and the float fields in <see cref="PanelField"/> order (the order of the loader's SELECT from column 2 on, amount as <see cref="PanelField.Value"/>).</summary>
    internal sealed class Chunk
    {
        public int[] Day { get; } = new int[ChunkSize];

        public ushort[] Flags { get; } = new ushort[ChunkSize];

        /// <summary>The row's market (<see cref="Kosmo.Core.Market"/> value; 0 when the row carries none).</summary>
        public byte[] Market { get; } = new byte[ChunkSize];

        /// <summary>Float fields, field-major: Values[f * ChunkSize + offset].</summary>
        public float[] Values { get; } = new float[FloatCount * ChunkSize];

        public float Get(PanelField field, int offset) => Values[(int)field * ChunkSize + offset];
    }
}
