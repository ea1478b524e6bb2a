using Kosmo.Tensors;

namespace Kosmo.Models.Layers;

/// <summary>
/// A lookup table (Vocabulary, D) with PyTorch nn.Embedding initialisation (standard normal); parameter
/// "{name}.weight". // ids: (B) -> (B, D)
/// </summary>
public sealed class EmbeddingLayer
{
    /// <summary>Creates the table from <paramref name="rng"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A non-positive size.</exception>
    public EmbeddingLayer(string name, int vocabulary, int dimension, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocabulary);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        Weight = Parameter.CreateNormal(name + ".weight", rng, 1f, vocabulary, dimension);
    }

    /// <summary>(Vocabulary, D).</summary>
    public Parameter Weight { get; }

    /// <summary>Rows of the table. // ids: (B) -> (B, D)</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id outside [0, Vocabulary).</exception>
    public Tensor Forward(int[] ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var v = Weight.Dim(0);
        foreach (var id in ids)
        {
            if (id < 0 || id >= v)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), $"{Weight.Name}: category id {id} outside [0, {v}).");
            }
        }

        return Ops.Embedding(Weight, ids);
    }
}
