namespace Kosmo.Data.Panel;

/// <summary>The buffered rows of one source: contiguous row ranges per code, each sorted by date.</summary>
internal sealed class SourceScan(SourceDescriptor source, int rank)
{
    /// <summary>The source.</summary>
    public SourceDescriptor Source { get; } = source;

    /// <summary>Position in ascending precedence order (0 = lowest).</summary>
    public int Rank { get; } = rank;

    /// <summary>(code id, first buffer row, row count) per code, in code order.</summary>
    public List<(int CodeId, int Start, int Count)> Ranges { get; } = [];

    /// <summary>Rows read.</summary>
    public long RowsRead { get; set; }
}
