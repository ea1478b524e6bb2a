namespace Kosmo.Experiment.Tests.Pipeline;

/// <summary>
/// The small synthetic market and loose universe rules the pipeline tests share (60 stocks, 4 years), and a builder
/// of experiment configs on it: <see cref="Config"/> writes the name, seed, threads and the shared market, and the
/// section helpers write the settings most tests repeat, so a test spells out only what makes it different.
/// </summary>
internal static class SmallMarket
{
    /// <summary>The <c>data:</c> and <c>universe:</c> sections.</summary>
    public const string DataAndUniverse = """
        data:
          source: synthetic
          synthetic_stocks: 60
          synthetic_years: 4
        universe:
          min_market_cap_krw: 5_000_000_000
          small_cap_band: 1.0
          min_avg_value_krw: 100_000_000
        """;

    /// <summary>
    /// An experiment config: <paramref name="name"/>, <paramref name="seed"/> and <paramref name="threads"/>, the shared
    /// market, then each of <paramref name="sections"/> (YAML text, one top-level key or section each) in order.
    /// </summary>
    public static string Config(string name, int seed, int threads, params string[] sections) =>
        $"name: {name}\nseed: {seed}\nthreads: {threads}\n{DataAndUniverse}\n{string.Join("\n", sections)}\n";

    /// <summary>A top-level section: <c>name:</c> and each of <paramref name="keys"/> indented beneath it.</summary>
    public static string Section(string name, params string[] keys) => name + ":" + string.Concat(keys.Select(k => "\n  " + k));

    /// <summary><c>features:</c> with the lookback, wavelets off, then <paramref name="keys"/>.</summary>
    public static string Features(int lookback, params string[] keys) => Section("features", [$"lookback: {lookback}", "wavelets: false", .. keys]);

    /// <summary><c>labels:</c> with a 10-day horizon, then <paramref name="keys"/>.</summary>
    public static string Labels(params string[] keys) => Section("labels", ["horizon: 10", .. keys]);

    /// <summary><c>split:</c> walk-forward from <paramref name="firstTestYear"/>, then <paramref name="keys"/>.</summary>
    public static string Split(int firstTestYear, params string[] keys) => Section("split", [$"first_test_year: {firstTestYear}", .. keys]);

    /// <summary>
    /// <c>model:</c> a tiny TFT-Lite (2 heads, batch 128) trained for <paramref name="epochs"/> with the given patience on
    /// at most <paramref name="maxTrainSamples"/> samples, then <paramref name="keys"/>.
    /// </summary>
    public static string TinyTft(int hidden, int epochs, int maxTrainSamples, int patience = 1, params string[] keys) =>
        Section("model", [$"hidden: {hidden}", "heads: 2", $"epochs: {epochs}", $"patience: {patience}", "batch: 128", $"max_train_samples: {maxTrainSamples}", .. keys]);

    /// <summary><c>model:</c> logistic regression as the main model, with the LightGBM settings of a lightgbm baseline.</summary>
    public static string LogisticWithLightGbm(int maxTrainSamples, int maxRounds, int earlyStoppingRounds) => Section("model",
        "name: logistic", $"max_train_samples: {maxTrainSamples}", "lightgbm:", $"  max_rounds: {maxRounds}", $"  early_stopping_rounds: {earlyStoppingRounds}", "  min_data_in_leaf: 40");
}
