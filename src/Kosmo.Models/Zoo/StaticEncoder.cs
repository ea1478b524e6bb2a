using Kosmo.Features.Dataset;
using Kosmo.Tensors;

namespace Kosmo.Models.Zoo;

/// <summary>
/// Static inputs of a batch as one feature block: one embedding table per categorical column (N(0, 1) init like
/// nn.Embedding) concatenated with the static reals. // -> (n, S·E + R), or null when there are no statics.
/// </summary>
internal sealed class StaticEncoder
{
    private readonly int[] _cardinalities;
    private readonly int _reals;
    private readonly Parameter[] _tables;

    /// <summary>Creates one table per categorical column, parameters "{name}.embedding{j}" (c_j, E).</summary>
    /// <exception cref="ArgumentException">A cardinality below 1, a negative real count or an embedding width below 1.</exception>
    public StaticEncoder(string name, StaticSpec spec, Random rng)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _cardinalities = spec.CategoricalCardinalities;
        _reals = spec.RealCount;
        if (_cardinalities.Any(c => c < 1) || _reals < 0 || spec.EmbeddingDim < 1)
        {
            throw new ArgumentException("Static spec: cardinalities must be >= 1, RealCount >= 0 and EmbeddingDim >= 1.", nameof(spec));
        }

        _tables = _cardinalities.Select((c, j) => Parameter.CreateNormal($"{name}.embedding{j}", rng, 1f, c, spec.EmbeddingDim)).ToArray();
        Width = (_cardinalities.Length * spec.EmbeddingDim) + _reals;
    }

    /// <summary>S·E + R.</summary>
    public int Width { get; }

    /// <summary>The embedding tables.</summary>
    public IEnumerable<Parameter> Parameters => _tables;

    /// <summary>The static block of the valid rows, or null when Width is 0.</summary>
    /// <exception cref="ArgumentException">The batch's static columns differ from the spec, or an id is out of range.</exception>
    public Tensor? Forward(WindowBatch batch)
    {
        if (Width == 0)
        {
            return null;
        }

        int n = batch.Count, s = _cardinalities.Length;
        if (batch.Categorical.Length != batch.BatchSize * s || batch.Reals.Length != batch.BatchSize * _reals)
        {
            throw new ArgumentException($"The batch has {batch.Categorical.Length / Math.Max(1, batch.BatchSize)} categorical and {batch.Reals.Length / Math.Max(1, batch.BatchSize)} real statics; the model expects {s} and {_reals}.", nameof(batch));
        }

        var parts = new List<Tensor>(s + 1);
        for (var j = 0; j < s; j++)
        {
            var ids = new int[n];
            for (var b = 0; b < n; b++)
            {
                ids[b] = batch.Categorical[(b * s) + j];
                if ((uint)ids[b] >= (uint)_cardinalities[j])
                {
                    throw new ArgumentException($"Static categorical column {j}, row {b}: id {ids[b]} outside [0, {_cardinalities[j]}).", nameof(batch));
                }
            }

            parts.Add(Ops.Embedding(_tables[j], ids));
        }

        if (_reals > 0)
        {
            parts.Add(new Tensor(batch.Reals.AsSpan(0, n * _reals).ToArray(), n, _reals));
        }

        return parts.Count == 1 ? parts[0] : Ops.Concat(parts, 1);
    }
}
