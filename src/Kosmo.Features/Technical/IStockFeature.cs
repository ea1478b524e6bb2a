namespace Kosmo.Features.Technical;

/// <summary>
/// A per-stock causal feature group: the value at date t reads only the stock's data at dates &lt;= t.
/// </summary>
public interface IStockFeature
{
    /// <summary>Output column names (C), unique within a pipeline.</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>
    /// Computes the columns of one stock. <paramref name="output"/> is column-major (C × T): column c is
    /// <c>output[c*T .. (c+1)*T)</c>, pre-filled with NaN; write only finite results.
    /// </summary>
    void Compute(StockSeries series, Span<float> output);
}
