using System.Globalization;

namespace Kosmo.Models.Boosting;

/// <summary>
/// Hyper-parameters of <see cref="LightGbmClassifier"/>, each passed to LightGBM under its own name (see
/// <see cref="BoosterParameters"/>). Defaults: a conventional multiclass GBDT for noisy daily-return labels.
/// </summary>
public sealed record LightGbmOptions
{
    /// <summary>num_leaves: leaves per tree (≥ 2).</summary>
    public int NumLeaves { get; init; } = 31;

    /// <summary>learning_rate: shrinkage of each tree (&gt; 0).</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>feature_fraction: share of features drawn per tree, (0, 1].</summary>
    public double FeatureFraction { get; init; } = 0.8;

    /// <summary>bagging_fraction: share of rows drawn per bagging round, (0, 1].</summary>
    public double BaggingFraction { get; init; } = 0.8;

    /// <summary>bagging_freq: redraw the rows every k iterations (0 = no bagging).</summary>
    public int BaggingFreq { get; init; } = 1;

    /// <summary>min_data_in_leaf: fewest rows in a leaf.</summary>
    public int MinDataInLeaf { get; init; } = 100;

    /// <summary>lambda_l2: L2 penalty on leaf values.</summary>
    public double LambdaL2 { get; init; } = 1.0;

    /// <summary>Most boosting rounds (each adds one tree per class).</summary>
    public int MaxRounds { get; init; } = 500;

    /// <summary>
    /// Stop when the validation multi_logloss has not improved for this many rounds and keep the best round's trees;
    /// 0 = no early stopping: all <see cref="MaxRounds"/> rounds are run and kept (validation is only logged).
    /// </summary>
    public int EarlyStoppingRounds { get; init; } = 50;

    /// <summary>Weights each row by sample weight × sklearn-style balanced class weight (from the training rows), as the logistic baseline and the trainer do.</summary>
    public bool BalanceClasses { get; init; } = true;

    /// <summary>num_class: C, the number of label classes (labels 0..C−1; ≥ 2).</summary>
    public int Classes { get; init; } = 3;

    /// <summary>seed: LightGBM's master seed (bagging, feature fraction, bin sampling).</summary>
    public int Seed { get; init; }

    /// <summary>num_threads: OpenMP threads of the fit and prediction (results are reproducible at a fixed count).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>The lib_lightgbm file to load; null = <c>KOSMO_LIGHTGBM_LIBRARY</c> or the NuGet package's copy.</summary>
    public string? LibraryPath { get; init; }

    /// <summary>
    /// The booster's parameter string: multiclass over <see cref="Classes"/> classes, multi_logloss, the hyper-parameters above, and
    /// <c>deterministic=true force_col_wise=true</c> so that a fit is bit-for-bit repeatable at a fixed thread count.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A value outside its range.</exception>
    public string BoosterParameters()
    {
        Validate();
        return string.Join(' ',
            "objective=multiclass", $"num_class={Classes}", "metric=multi_logloss",
            $"num_leaves={NumLeaves}", $"learning_rate={Num(LearningRate)}", $"feature_fraction={Num(FeatureFraction)}",
            $"bagging_fraction={Num(BaggingFraction)}", $"bagging_freq={BaggingFreq}", $"min_data_in_leaf={MinDataInLeaf}",
            $"lambda_l2={Num(LambdaL2)}", DatasetParameters());
    }

    /// <summary>The parameters of dataset construction (binning): seed, threads, determinism; no feature pre-filter.</summary>
    public string DatasetParameters() => string.Join(' ',
        $"seed={Seed}", $"num_threads={Threads}", "deterministic=true", "force_col_wise=true", "feature_pre_filter=false",
        $"min_data_in_leaf={MinDataInLeaf}", "verbosity=-1");

    /// <summary>Throws when a value is outside its range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value outside its range.</exception>
    public void Validate()
    {
        Check(NumLeaves >= 2, nameof(NumLeaves), NumLeaves);
        Check(Classes >= 2, nameof(Classes), Classes);
        Check(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), LearningRate);
        Check(FeatureFraction is > 0 and <= 1, nameof(FeatureFraction), FeatureFraction);
        Check(BaggingFraction is > 0 and <= 1, nameof(BaggingFraction), BaggingFraction);
        Check(BaggingFreq >= 0, nameof(BaggingFreq), BaggingFreq);
        Check(MinDataInLeaf >= 1, nameof(MinDataInLeaf), MinDataInLeaf);
        Check(LambdaL2 >= 0 && double.IsFinite(LambdaL2), nameof(LambdaL2), LambdaL2);
        Check(MaxRounds >= 1, nameof(MaxRounds), MaxRounds);
        Check(EarlyStoppingRounds >= 0, nameof(EarlyStoppingRounds), EarlyStoppingRounds);
        Check(Threads >= 1, nameof(Threads), Threads);
    }

    private static void Check(bool ok, string name, object value)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"LightGBM option {name} is out of range.");
        }
    }

    private static string Num(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
