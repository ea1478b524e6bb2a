using Kosmo.Features.Dataset;
using Kosmo.Tensors;

namespace Kosmo.Models.Neural;

/// <summary>
/// Encodes a batch's static inputs: one embedding table per categorical input (PyTorch nn.Embedding init, N(0, 1)),
/// concatenated with the static reals. // categorical (B, S), reals (B, R) -> (B, S·E + R)
/// </summary>
public sealed class StaticEncoder
{
    private readonly StaticInputSpec _spec;
    private readonly Parameter[] _tables;

    /// <summary>Creates the embedding tables "{name}.emb{s}" (V_s, E).</summary>
    /// <exception cref="ArgumentException">A cardinality or the embedding width is below 1.</exception>
    public StaticEncoder(string name, StaticInputSpec spec, Random rng)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(rng);
        if (spec.Cardinalities.Any(v => v < 1) || spec.EmbeddingDim < 1 || spec.RealCount < 0)
        {
            throw new ArgumentException($"Static inputs: cardinalities [{string.Join(", ", spec.Cardinalities)}], embedding {spec.EmbeddingDim}, reals {spec.RealCount} must be positive.", nameof(spec));
        }

        _spec = spec;
        _tables = spec.Cardinalities.Select((v, s) => Parameter.CreateNormal($"{name}.emb{s}", rng, 1f, v, spec.EmbeddingDim)).ToArray();
    }

    /// <summary>S·E + R (0 when there are no statics).</summary>
    public int Width => _spec.Width;

    /// <summary>The embedding tables.</summary>
    public IReadOnlyList<Parameter> Parameters => _tables;

    /// <summary>The encoded statics of the first <see cref="WindowBatch.Count"/> rows, or null when <see cref="Width"/> is 0.</summary>
    /// <exception cref="ArgumentException">The batch carries a different number of categorical or real statics.</exception>
    /// <exception cref="IndexOutOfRangeException">A category id is outside its table.</exception>
    public Tensor? Forward(WindowBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (Width == 0)
        {
            return null;
        }

        int n = batch.Count, s = _tables.Length, r = _spec.RealCount;
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
            }

            parts.Add(Ops.Embedding(_tables[k], ids));
        }

        if (r > 0)
        {
            parts.Add(new Tensor(batch.Reals, n, r));
        }

        return parts.Count == 1 ? parts[0] : Ops.Concat(parts, 1);
    }
}
