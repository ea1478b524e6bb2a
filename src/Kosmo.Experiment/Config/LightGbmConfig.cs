using Kosmo.Models.Boosting;

namespace Kosmo.Experiment.Config;

/// <summary>
/// <c>model.lightgbm:</c> hyper-parameters of the <c>lightgbm</c> baseline, each passed to LightGBM under the same name
/// (the seed is the cell's, the thread count the run's <c>threads</c>). See docs/notes/lightgbm.md.
/// </summary>
internal sealed record LightGbmConfig
{
    public int NumLeaves { get; init; } = 31;
    public double LearningRate { get; init; } = 0.05;
    public double FeatureFraction { get; init; } = 0.8;
    public double BaggingFraction { get; init; } = 0.8;
    public int BaggingFreq { get; init; } = 1;
    public int MinDataInLeaf { get; init; } = 100;
    public double LambdaL2 { get; init; } = 1.0;
    /// <summary>Most boosting rounds.</summary>
    public int MaxRounds { get; init; } = 500;
    /// <summary>Rounds without a better validation loss before stopping; 0 = run and keep all <see cref="MaxRounds"/>.</summary>
    public int EarlyStoppingRounds { get; init; } = 50;

    public static LightGbmConfig Read(YamlSection s) => new()
    {
        NumLeaves = s.Int("num_leaves", 31, 2, 131_072),
        LearningRate = s.Double("learning_rate", 0.05, 1e-6, 1),
        FeatureFraction = s.Double("feature_fraction", 0.8, 1e-3, 1),
        BaggingFraction = s.Double("bagging_fraction", 0.8, 1e-3, 1),
        BaggingFreq = s.Int("bagging_freq", 1, 0, 1_000_000),
        MinDataInLeaf = s.Int("min_data_in_leaf", 100, 1, int.MaxValue),
        LambdaL2 = s.Double("lambda_l2", 1.0, 0, 1e9),
        MaxRounds = s.Int("max_rounds", 500, 1, 1_000_000),
        EarlyStoppingRounds = s.Int("early_stopping_rounds", 50, 0, 1_000_000),
    };

    /// <summary>The classifier's options for one cell.</summary>
    public LightGbmOptions Options(int seed, int threads) => new()
    {
        NumLeaves = NumLeaves,
        LearningRate = LearningRate,
        FeatureFraction = FeatureFraction,
        BaggingFraction = BaggingFraction,
        BaggingFreq = BaggingFreq,
        MinDataInLeaf = MinDataInLeaf,
        LambdaL2 = LambdaL2,
        MaxRounds = MaxRounds,
        EarlyStoppingRounds = EarlyStoppingRounds,
        Seed = seed,
        Threads = threads,
    };
}
