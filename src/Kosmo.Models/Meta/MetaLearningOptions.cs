namespace Kosmo.Models.Meta;

/// <summary>Meta-training of <see cref="MetaLearner.Train"/>.</summary>
/// <param name="Algorithm">FOMAML or Reptile.</param>
/// <param name="Inner">The inner loop (k steps, α) run on each task's support set.</param>
/// <param name="OuterSteps">Number of outer updates.</param>
/// <param name="TasksPerStep">Tasks per meta-batch, drawn without replacement (all tasks when fewer).</param>
/// <param name="OuterLearningRate">FOMAML: Adam's learning rate on the averaged query gradient. Reptile: ε, the interpolation step.</param>
/// <param name="AnnealReptile">Reptile only: ε decays linearly to 0 over the outer steps (as in Nichol et al. 2018).</param>
/// <param name="Seed">Seeds task sampling and the forward's rng (dropout, VAE sampling).</param>
public sealed record MetaLearningOptions(MetaAlgorithm Algorithm, AdaptationOptions Inner, int OuterSteps = 100, int TasksPerStep = 4,
    double OuterLearningRate = 1e-3, bool AnnealReptile = false, int Seed = 0);
