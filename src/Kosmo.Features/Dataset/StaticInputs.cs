using Kosmo.Features.Statics;

namespace Kosmo.Features.Dataset;

/// <summary>
/// Static attributes per code, supplied by the caller (the features side defines them): categorical indices
/// (N × C, row-major) and reals (N × R, row-major). The dataset copies the sample's code row into each batch, with the
/// dated changes of a categorical column (<see cref="WithDatedCategory"/>, e.g. a stock's market after a KOSDAQ → KOSPI
/// move) applied as of the sample's date.
/// </summary>
public sealed class StaticInputs
{
    /// <summary>Creates the inputs.</summary>
    /// <param name="codeCount">N.</param>
    /// <param name="categorical">Indices, length N × C.</param>
    /// <param name="categoricalCount">C.</param>
    /// <param name="reals">Values, length N × R.</param>
    /// <param name="realCount">R.</param>
    /// <exception cref="ArgumentException">An array's length is not N × its count.</exception>
    public StaticInputs(int codeCount, int[] categorical, int categoricalCount, float[] reals, int realCount)
    {
        ArgumentNullException.ThrowIfNull(categorical);
        ArgumentNullException.ThrowIfNull(reals);
        if (categorical.Length != codeCount * categoricalCount || reals.Length != codeCount * realCount)
        {
            throw new ArgumentException($"Static arrays must be N × C = {codeCount * categoricalCount} and N × R = {codeCount * realCount}, got {categorical.Length} and {reals.Length}.", nameof(categorical));
        }

        CodeCount = codeCount;
        Categorical = categorical;
        CategoricalCount = categoricalCount;
        Reals = reals;
        RealCount = realCount;
    }

    /// <summary>N.</summary>
    public int CodeCount { get; }

    /// <summary>Categorical indices (N × C).</summary>
    public int[] Categorical { get; }

    /// <summary>C.</summary>
    public int CategoricalCount { get; }

    /// <summary>Reals (N × R).</summary>
    public float[] Reals { get; }

    /// <summary>R.</summary>
    public int RealCount { get; }

    /// <summary>Per code with changes: (column, first date index, value) in date order; null when no categorical changes.</summary>
    private Dictionary<int, (int Column, int From, int Value)[]>? _dated;

    /// <summary>
    /// A copy whose categorical <paramref name="column"/> changes on dates: from change.From on, code change.Code has
    /// change.Value (the base row holds the value before the first change). No changes: this instance.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The column or a code is out of range.</exception>
    public StaticInputs WithDatedCategory(int column, IReadOnlyList<DatedCategory> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, CategoricalCount);
        if (changes.Count == 0)
        {
            return this;
        }

        var copy = new StaticInputs(CodeCount, Categorical, CategoricalCount, Reals, RealCount)
        {
            _dated = _dated is null ? [] : new Dictionary<int, (int Column, int From, int Value)[]>(_dated),
        };
        foreach (var group in changes.GroupBy(c => c.Code))
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(group.Key, CodeCount);
            var existing = copy._dated.GetValueOrDefault(group.Key) ?? [];
            copy._dated[group.Key] = [.. existing.Concat(group.Select(c => (column, c.From, c.Value))).OrderBy(c => c.From)];
        }

        return copy;
    }

    /// <summary>Copies code <paramref name="codeIndex"/>'s categorical row as of date index <paramref name="t"/> into <paramref name="target"/> (length C).</summary>
    public void CopyCategorical(int codeIndex, int t, Span<int> target)
    {
        Categorical.AsSpan(codeIndex * CategoricalCount, CategoricalCount).CopyTo(target);
        if (_dated is not null && _dated.TryGetValue(codeIndex, out var changes))
        {
            foreach (var (column, from, value) in changes)
            {
                if (from > t)
                {
                    break;
                }

                target[column] = value;
            }
        }
    }
}
