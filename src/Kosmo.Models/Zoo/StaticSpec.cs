namespace Kosmo.Models.Zoo;

/// <summary>
/// The static inputs a zoo model expects in <see cref="Kosmo.Features.Dataset.WindowBatch.Categorical"/> (B, S)
/// and <see cref="Kosmo.Features.Dataset.WindowBatch.Reals"/> (B, R). Each categorical column j gets an embedding
/// table (cardinality j × EmbeddingDim); the embeddings and the reals are concatenated before the model's head.
/// </summary>
/// <param name="CategoricalCardinalities">Number of ids per categorical column (S entries); ids must lie in [0, c).</param>
/// <param name="RealCount">R static reals, passed through as they are.</param>
/// <param name="EmbeddingDim">E, width of every embedding.</param>
public sealed record StaticSpec(int[] CategoricalCardinalities, int RealCount = 0, int EmbeddingDim = 4)
{
    /// <summary>No static inputs.</summary>
    public static StaticSpec None { get; } = new([], 0, 4);
}
