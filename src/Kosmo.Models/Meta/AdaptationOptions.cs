namespace Kosmo.Models.Meta;

/// <summary>The inner loop: how a model adapts to one task's support set (also used at test time).</summary>
/// <param name="Steps">k gradient steps; each step takes the next batch of the support dataset (the whole set when it fits one batch).</param>
/// <param name="LearningRate">α.</param>
/// <param name="Optimizer">SGD or Adam, created fresh for every adaptation.</param>
/// <param name="MaxGradNorm">Clip the global gradient norm at each step; 0 = no clipping.</param>
/// <param name="TrainingMode">Run the forward with training = true (dropout, VAE sampling) during adaptation.</param>
public sealed record AdaptationOptions(int Steps = 5, double LearningRate = 0.1, InnerOptimizer Optimizer = InnerOptimizer.Sgd,
    double MaxGradNorm = 0, bool TrainingMode = false);
