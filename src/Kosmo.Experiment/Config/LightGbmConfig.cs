using Kosmo.Models.Boosting;

namespace Kosmo.Experiment.Config;

/// <summary>
/// <c>model.lightgbm:</c> binds the keys of the <c>lightgbm</c> baseline straight onto <see cref="LightGbmOptions"/>:
/// each key is the option's LightGBM name and its default the record's. The seed is the cell's and the thread count the
/// run's <c>threads</c> (<see cref="ForCell"/>); the members that are no config key (<see cref="NotKeys"/>) stay out
/// of RUN/config.yaml. See docs/notes/lightgbm.md.
/// </summary>
internal static class LightGbmConfig
{
    /// <summary>The members of <see cref="LightGbmOptions"/> that are set per cell or fixed, not read from <c>model.lightgbm:</c>.</summary>
    public static IReadOnlyList<string> NotKeys { get; } =
    [
        nameof(LightGbmOptions.BalanceClasses), nameof(LightGbmOptions.Classes), nameof(LightGbmOptions.Seed),
        nameof(LightGbmOptions.Threads), nameof(LightGbmOptions.LibraryPath),
    ];

    /// <summary>The options of a <c>model.lightgbm:</c> section (the record's defaults for absent keys).</summary>
    /// <exception cref="Core.DataValidationException">A value out of range or an unknown key (file, line, key path).</exception>
    public static LightGbmOptions Read(YamlSection s)
    {
        var d = new LightGbmOptions();
        return d with
        {
            NumLeaves = s.Int("num_leaves", d.NumLeaves, 2, 131_072),
            LearningRate = s.Double("learning_rate", d.LearningRate, 1e-6, 1),
            FeatureFraction = s.Double("feature_fraction", d.FeatureFraction, 1e-3, 1),
            BaggingFraction = s.Double("bagging_fraction", d.BaggingFraction, 1e-3, 1),
            BaggingFreq = s.Int("bagging_freq", d.BaggingFreq, 0, 1_000_000),
            MinDataInLeaf = s.Int("min_data_in_leaf", d.MinDataInLeaf, 1, int.MaxValue),
            LambdaL2 = s.Double("lambda_l2", d.LambdaL2, 0, 1e9),
            MaxRounds = s.Int("max_rounds", d.MaxRounds, 1, 1_000_000),
            EarlyStoppingRounds = s.Int("early_stopping_rounds", d.EarlyStoppingRounds, 0, 1_000_000),
        };
    }

    /// <summary>The classifier's options for one cell: the configured ones with the cell's seed and the run's thread count.</summary>
    public static LightGbmOptions ForCell(this LightGbmOptions options, int seed, int threads) => options with { Seed = seed, Threads = threads };
}
