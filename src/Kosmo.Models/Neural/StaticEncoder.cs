using Kosmo.Features.Dataset;
using Kosmo.Models.Zoo;
using Kosmo.Tensors;

namespace Kosmo.Models.Neural;

/// <summary>
/// Encodes a batch's static inputs, for the neural baselines and the zoo models alike: one embedding table per
/// categorical input (PyTorch nn.Embedding init, N(0, 1)), concatenated with the static reals.
/// // categorical (B, S), reals (B, R) -> (n, S·E + R), or null when there are no statics
/// </summary>
public sealed class StaticEncoder
{
    private readonly int[] _cardinalities;
    private readonly int _reals;
    private readonly Parameter[] _tables;

    /// <summary>Creates the embedding tables "{name}.emb{s}" (V_s, E) of a neural baseline.</summary>
    /// <exception cref="ArgumentException">A cardinality or the embedding width is below 1, or a negative real count.</exception>
    public StaticEncoder(string name, StaticInputSpec spec, Random rng)
        : this(name + ".emb", ((spec ?? throw new ArgumentNullException(nameof(spec))).Cardinalities, spec.EmbeddingDim, spec.RealCount), rng)
    {
    }

    /// <summary>Creates the embedding tables "{name}.embedding{j}" (c_j, E) of a zoo model.</summary>
    /// <exception cref="ArgumentException">A cardinality or the embedding width is below 1, or a negative real count.</exception>
    public StaticEncoder(string name, StaticSpec spec, Random rng)
        : this(name + ".embedding", ((spec ?? throw new ArgumentNullException(nameof(spec))).CategoricalCardinalities, spec.EmbeddingDim, spec.RealCount), rng)
    {
    }

    private StaticEncoder(string tablePrefix, (int[] Cardinalities, int EmbeddingDim, int RealCount) spec, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var (cardinalities, embeddingDim, realCount) = spec;
        if (cardinalities.Any(v => v < 1) || embeddingDim < 1 || realCount < 0)
        {
            throw new ArgumentException($"Static inputs: cardinalities [{string.Join(", ", cardinalities)}], embedding {embeddingDim}, reals {realCount} must be positive.", nameof(spec));
        }

        _cardinalities = cardinalities;
        _reals = realCount;
        _tables = cardinalities.Select((v, s) => Parameter.CreateNormal($"{tablePrefix}{s}", rng, 1f, v, embeddingDim)).ToArray();
        Width = (cardinalities.Length * embeddingDim) + realCount;
    }

    /// <summary>S·E + R (0 when there are no statics).</summary>
    public int Width { get; }

    /// <summary>The embedding tables.</summary>
    public IReadOnlyList<Parameter> Parameters => _tables;

    /// <summary>The encoded statics of the first <see cref="WindowBatch.Count"/> rows, or null when <see cref="Width"/> is 0.</summary>
    /// <exception cref="ArgumentException">The batch carries a different number of categorical or real statics, or a category id is outside its table.</exception>
    public Tensor? Forward(WindowBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (Width == 0)
        {
            return null;
        }

        int n = batch.Count, s = _tables.Length, r = _reals;
        if (batch.Categorical.Length != batch.BatchSize * s || batch.Reals.Length != batch.BatchSize * r)
        {
            throw new ArgumentException($"The batch carries {batch.Categorical.Length / Math.Max(1, batch.BatchSize)} categorical and {batch.Reals.Length / Math.Max(1, batch.BatchSize)} real statics; the model expects {s} and {r}.", nameof(batch));
        }

        var parts = new List<Tensor>(s + 1);
        for (var k = 0; k < s; k++)
        {
            var ids = new int[n];
            for (var b = 0; b < n; b++)
            {
                ids[b] = batch.Categorical[(b * s) + k];
                if ((uint)ids[b] >= (uint)_cardinalities[k])
                {
                    throw new ArgumentException($"Static categorical column {k}, row {b}: id {ids[b]} outside [0, {_cardinalities[k]}).", nameof(batch));
                }
            }

            parts.Add(Ops.Embedding(_tables[k], ids));
        }

        if (r > 0)
        {
            parts.Add(new Tensor(batch.Reals.AsSpan(0, n * r).ToArray(), n, r));
        }

        return parts.Count == 1 ? parts[0] : Ops.Concat(parts, 1);
    }
}
