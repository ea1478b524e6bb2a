using Kosmo.Models.Abstractions;
using Kosmo.Models.Boosting;

namespace Kosmo.Models.Tests.Boosting;

/// <summary>The LightGBM baseline on synthetic rows: learning, determinism, early stopping, save/load, options and the missing library.</summary>
public sealed class LightGbmClassifierTests
{
    private static readonly LightGbmOptions Small = new() { MaxRounds = 60, EarlyStoppingRounds = 10, MinDataInLeaf = 20, Seed = 7, Threads = 2 };

    [Fact]
    public void Fit_Should_RankRowsBySignal_When_TheLabelDependsOnOneFeature()
    {
        // Given rows whose label is a noisy function of feature 0 (features 1..4 are noise)
        var train = Rows(3000, 5, seed: 1, signal: 1.5);
        var test = Rows(1000, 5, seed: 2, signal: 1.5);
        var model = new LightGbmClassifier("lgbm", Small);

        // When fitting and predicting
        model.Fit(train, Rows(800, 5, seed: 3, signal: 1.5));
        var p = model.PredictProba(test);

        // Then rows sum to 1, accuracy beats chance, and feature 0 carries most of the gain
        Enumerable.Range(0, test.Rows).Should().OnlyContain(i => Math.Abs(p[3 * i] + p[(3 * i) + 1] + p[(3 * i) + 2] - 1f) < 1e-5f);
        var correct = Enumerable.Range(0, test.Rows).Count(i => ArgMax(p, i) == test.Labels[i]);
        (correct / (double)test.Rows).Should().BeGreaterThan(0.5);
        var gain = model.GainImportance();
        gain.Sum().Should().BeApproximately(1.0, 1e-9);
        Array.IndexOf(gain, gain.Max()).Should().Be(0);
    }

    [Fact]
    public void Fit_Should_GiveIdenticalModelsAndProbabilities_When_FittedTwiceWithTheSameSeedAndThreads()
    {
        // Given the same rows, options and seed (bagging and feature fraction on)
        var train = Rows(3000, 8, seed: 4, signal: 0.7);
        var validation = Rows(800, 8, seed: 5, signal: 0.7);
        var test = Rows(500, 8, seed: 6, signal: 0.7);
        var a = new LightGbmClassifier("a", Small);
        var b = new LightGbmClassifier("b", Small);

        // When fitting twice
        a.Fit(train, validation);
        b.Fit(train, validation);

        // Then the model text and the probabilities are bit-for-bit the same
        a.ModelText.Should().Be(b.ModelText);
        a.PredictProba(test).Should().Equal(b.PredictProba(test));
        a.GainImportance().Should().Equal(b.GainImportance());
    }

    [Fact]
    public void Fit_Should_StopBeforeTheRoundLimit_When_TheLabelsAreNoise()
    {
        // Given labels independent of the features, and room for 300 rounds
        var options = Small with { MaxRounds = 300, EarlyStoppingRounds = 15, LearningRate = 0.2 };
        var model = new LightGbmClassifier("lgbm", options);

        // When fitting with a validation set
        model.Fit(Rows(3000, 6, seed: 8, signal: 0), Rows(1000, 6, seed: 9, signal: 0));

        // Then boosting stopped 15 rounds after the best validation round, well before the limit
        model.BestIteration.Should().BeLessThan(300);
        model.IterationsRun.Should().Be(model.BestIteration + 15);
        model.ValidationLoss.Should().HaveCount(model.IterationsRun);
        model.ValidationLoss.Min().Should().Be(model.ValidationLoss[model.BestIteration - 1]);
        model.ModelText.Should().Contain($"Tree={(3 * model.BestIteration) - 1}\n").And.NotContain($"Tree={3 * model.BestIteration}\n");
    }

    [Fact]
    public void Load_Should_PredictTheSameBits_When_TheModelTextIsReloaded()
    {
        // Given a fitted model and its saved text
        var train = Rows(2000, 4, seed: 10, signal: 1);
        var test = Rows(400, 4, seed: 11, signal: 1);
        var model = new LightGbmClassifier("lgbm", Small);
        model.Fit(train, Rows(500, 4, seed: 12, signal: 1));

        // When loading the text into a new model
        var loaded = LightGbmClassifier.Load("lgbm", model.ModelText!, train.FeatureNames, Small);

        // Then it predicts the same probabilities and importance, and keeps the best round count
        loaded.PredictProba(test).Should().Equal(model.PredictProba(test));
        loaded.GainImportance().Should().Equal(model.GainImportance());
        loaded.BestIteration.Should().Be(model.BestIteration);
    }

    [Fact]
    public void Load_Should_Throw_When_TheFeatureCountDiffers()
    {
        // Given a model fitted on 4 features
        var model = new LightGbmClassifier("lgbm", Small with { MaxRounds = 5 });
        model.Fit(Rows(500, 4, seed: 13, signal: 1));

        // When loading it for 5 features
        var act = () => LightGbmClassifier.Load("lgbm", model.ModelText!, ["a", "b", "c", "d", "e"], Small);

        // Then it is refused with the counts
        act.Should().Throw<ArgumentException>().WithMessage("*4 features*expected 3 and 5*");
    }

    public static TheoryData<string> OptionNames() => ["NumLeaves", "LearningRate", "FeatureFraction", "BaggingFraction", "BaggingFreq", "MinDataInLeaf", "LambdaL2", "MaxRounds", "EarlyStoppingRounds", "BalanceClasses", "Seed"];

    [Theory]
    [MemberData(nameof(OptionNames))]
    public void Fit_Should_ChangeTheModel_When_AnOptionChanges(string option)
    {
        // Given the baseline options and one option changed
        var baseline = Small with { MaxRounds = option == "EarlyStoppingRounds" ? 150 : 40, EarlyStoppingRounds = 3, LearningRate = 0.3 };
        var changed = option switch
        {
            "NumLeaves" => baseline with { NumLeaves = 4 },
            "LearningRate" => baseline with { LearningRate = 0.1 },
            "FeatureFraction" => baseline with { FeatureFraction = 0.5 },
            "BaggingFraction" => baseline with { BaggingFraction = 0.5 },
            "BaggingFreq" => baseline with { BaggingFreq = 0 },
            "MinDataInLeaf" => baseline with { MinDataInLeaf = 200 },
            "LambdaL2" => baseline with { LambdaL2 = 50 },
            "MaxRounds" => baseline with { MaxRounds = 3 },
            "EarlyStoppingRounds" => baseline with { EarlyStoppingRounds = 0 }, // the baseline stops early (checked below)
            "BalanceClasses" => baseline with { BalanceClasses = false },
            "Seed" => baseline with { Seed = 8 },
            _ => throw new ArgumentException(option),
        };
        var signal = option == "EarlyStoppingRounds" ? 0.0 : 0.8; // noise labels make the baseline stop early
        var train = Rows(2000, 6, seed: 14, signal: signal, skew: true);
        var validation = Rows(600, 6, seed: 15, signal: signal, skew: true);

        // When fitting with each
        var a = new LightGbmClassifier("m", baseline);
        a.Fit(train, validation);
        var b = new LightGbmClassifier("m", changed);
        b.Fit(train, validation);

        // Then the fitted trees differ
        Trees(b.ModelText!).Should().NotBe(Trees(a.ModelText!));
        if (option == "EarlyStoppingRounds")
        {
            a.IterationsRun.Should().BeLessThan(baseline.MaxRounds);
        }
    }

    [Fact]
    public void Fit_Should_ThrowANamedError_When_TheNativeLibraryIsMissing()
    {
        // Given options pointing at a library file that does not exist
        var options = Small with { LibraryPath = "/nonexistent/kosmo/lib_lightgbm.so" };
        var model = new LightGbmClassifier("lgbm", options);

        // When fitting
        var act = () => model.Fit(Rows(100, 2, seed: 1, signal: 1));

        // Then the error names the file and the way out
        act.Should().Throw<LightGbmUnavailableException>().WithMessage("*not found: /nonexistent/kosmo/lib_lightgbm.so*KOSMO_LIGHTGBM_LIBRARY*");
    }

    [Fact]
    public void Fit_Should_ThrowANamedError_When_TheLibraryFileIsNotALibrary()
    {
        // Given a library path that is a text file
        var path = Path.Combine(Path.GetTempPath(), $"kosmo-not-a-lib-{Environment.ProcessId}.so");
        File.WriteAllText(path, "not an ELF file");
        try
        {
            var model = new LightGbmClassifier("lgbm", Small with { LibraryPath = path });

            // When fitting
            var act = () => model.Fit(Rows(100, 2, seed: 1, signal: 1));

            // Then the loader's failure is reported as an unavailable library
            act.Should().Throw<LightGbmUnavailableException>().WithMessage($"*{path} could not be loaded*");
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The model text's trees only (the parameters trailer differs with the options by construction).</summary>
    private static string Trees(string text) => text[..text.IndexOf("end of trees", StringComparison.Ordinal)];

    private static int ArgMax(float[] p, int i) => p[3 * i] >= p[(3 * i) + 1] && p[3 * i] >= p[(3 * i) + 2] ? 0 : p[(3 * i) + 1] >= p[(3 * i) + 2] ? 1 : 2;

    /// <summary>n rows of F standard normal features (about 2 % NaN), label from signal·x0 + noise cut at ±0.5 (or skewed cuts), weights in [0.5, 1.5].</summary>
    internal static TabularSet Rows(int n, int features, int seed, double signal, bool skew = false)
    {
        var rng = new Random(seed);
        var x = new float[n * features];
        var y = new int[n];
        var w = new float[n];
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < features; k++)
            {
                x[(i * features) + k] = rng.NextDouble() < 0.02 ? float.NaN : (float)Normal(rng);
            }

            var x0 = float.IsNaN(x[i * features]) ? 0 : x[i * features];
            var z = (signal * x0) + Normal(rng);
            y[i] = z < (skew ? -1.0 : -0.5) ? 0 : z > 0.5 ? 2 : 1;
            w[i] = (float)(0.5 + rng.NextDouble());
        }

        var start = new DateOnly(2020, 1, 1);
        return new TabularSet([.. Enumerable.Range(0, features).Select(k => $"f{k}")], x, y, w,
            [.. Enumerable.Range(0, n).Select(i => start.AddDays(i / 50))], [.. Enumerable.Range(0, n).Select(i => $"{i % 50:D6}")]);
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
