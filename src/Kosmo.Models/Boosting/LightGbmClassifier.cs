using System.Globalization;
using Kosmo.Models.Abstractions;

namespace Kosmo.Models.Boosting;

/// <summary>
/// Gradient-boosted trees (LightGBM 4.x through its C API, <see cref="LightGbmLibrary"/>): multiclass softmax over
/// down/flat/up (or the <see cref="LightGbmOptions.Classes"/> classes of another label method), trained on rows with a label and a positive weight, each weighted by its sample weight (times the
/// balanced class weight, <see cref="LightGbmOptions.BalanceClasses"/>). With a validation set, boosting stops when
/// its weighted multi_logloss has not improved for <see cref="LightGbmOptions.EarlyStoppingRounds"/> rounds and the
/// model keeps the best round's trees. The fitted booster is held as LightGBM's model text
/// (<see cref="ModelText"/>): predictions always come from a booster loaded from that text, so a booster reloaded
/// from a saved file (<see cref="Load"/>) predicts the same bits as the fresh fit. Missing features (NaN) are
/// LightGBM's missing values. Not thread-safe.
/// </summary>
public sealed class LightGbmClassifier : IClassifier
{
    private readonly LightGbmOptions _options;
    private string[]? _featureNames;

    /// <summary>Creates an unfitted model.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public LightGbmClassifier(string name = "lightgbm", LightGbmOptions? options = null)
    {
        Name = name;
        _options = options ?? new LightGbmOptions();
        _options.Validate();
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>C, the number of classes (<see cref="LightGbmOptions.Classes"/>).</summary>
    public int Classes => _options.Classes;

    /// <summary>The options of this model.</summary>
    public LightGbmOptions Options => _options;

    /// <summary>LightGBM's text of the fitted booster (best round's trees only); null before Fit or Load.</summary>
    public string? ModelText { get; private set; }

    /// <summary>Boosting rounds kept in the model (the best round with early stopping).</summary>
    public int BestIteration { get; private set; }

    /// <summary>Boosting rounds run by the last fit (≥ <see cref="BestIteration"/>).</summary>
    public int IterationsRun { get; private set; }

    /// <summary>Validation multi_logloss after each round of the last fit (empty without a validation set).</summary>
    public IReadOnlyList<double> ValidationLoss { get; private set; } = [];

    /// <summary>Training multi_logloss after each round of the last fit.</summary>
    public IReadOnlyList<double> TrainingLoss { get; private set; } = [];

    /// <summary>Fits without a validation set: <see cref="LightGbmOptions.MaxRounds"/> rounds.</summary>
    /// <exception cref="ArgumentException">No labelled rows with positive weight.</exception>
    /// <exception cref="LightGbmUnavailableException">The native library cannot be loaded.</exception>
    /// <exception cref="LightGbmException">LightGBM rejected the data or parameters.</exception>
    public void Fit(TabularSet train) => Fit(train, null);

    /// <summary>Fits on <paramref name="train"/>, early-stopping on <paramref name="validation"/> when it has usable rows.</summary>
    /// <param name="train">Training rows, (n, F).</param>
    /// <param name="validation">Validation rows with the same F features, or null.</param>
    /// <exception cref="ArgumentException">No labelled training rows with positive weight, or the feature counts differ.</exception>
    /// <exception cref="LightGbmUnavailableException">The native library cannot be loaded.</exception>
    /// <exception cref="LightGbmException">LightGBM rejected the data or parameters.</exception>
    public void Fit(TabularSet train, TabularSet? validation)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (validation is not null && validation.FeatureCount != train.FeatureCount)
        {
            throw new ArgumentException($"{Name}: validation has {validation.FeatureCount} features, training {train.FeatureCount}.", nameof(validation));
        }

        var lib = LightGbmLibrary.Load(_options.LibraryPath);
        var (x, y, w) = Usable(train);
        if (y.Length == 0)
        {
            throw new ArgumentException($"{Name}: no labelled rows with positive weight.", nameof(train));
        }

        if (y.Max() >= Classes)
        {
            throw new ArgumentException($"{Name}: label {y.Max()} is outside 0..{Classes - 1}.", nameof(train));
        }

        var classWeight = ClassWeights(y, w);
        Reweight(y, w, classWeight);
        var F = train.FeatureCount;
        var parameters = _options.BoosterParameters();
        nint trainSet = 0, validSet = 0, booster = 0;
        try
        {
            trainSet = lib.DatasetFromMat(x, y.Length, F, _options.DatasetParameters(), 0);
            lib.DatasetSetField(trainSet, "label", y);
            lib.DatasetSetField(trainSet, "weight", w);
            booster = lib.BoosterCreate(trainSet, parameters);
            var hasValidation = false;
            if (validation is not null)
            {
                var (vx, vy, vw) = Usable(validation);
                if (vy.Length > 0)
                {
                    Reweight(vy, vw, classWeight);
                    validSet = lib.DatasetFromMat(vx, vy.Length, F, _options.DatasetParameters(), trainSet);
                    lib.DatasetSetField(validSet, "label", vy);
                    lib.DatasetSetField(validSet, "weight", vw);
                    lib.BoosterAddValidData(booster, validSet);
                    hasValidation = true;
                }
            }

            var trainLoss = new List<double>();
            var validLoss = new List<double>();
            Span<double> eval = stackalloc double[4];
            var best = 0;
            var bestLoss = double.PositiveInfinity;
            var rounds = 0;
            while (rounds < _options.MaxRounds)
            {
                var finished = lib.BoosterUpdateOneIter(booster);
                if (finished)
                {
                    break; // no split improved the objective: this round added no tree
                }

                rounds++;
                lib.BoosterGetEval(booster, 0, eval);
                trainLoss.Add(eval[0]);
                if (!hasValidation)
                {
                    best = rounds;
                    continue;
                }

                lib.BoosterGetEval(booster, 1, eval);
                validLoss.Add(eval[0]);
                if (_options.EarlyStoppingRounds == 0)
                {
                    best = rounds; // no early stopping: every round is kept, validation only logged
                    continue;
                }

                if (eval[0] < bestLoss)
                {
                    bestLoss = eval[0];
                    best = rounds;
                }
                else if (rounds - best >= _options.EarlyStoppingRounds)
                {
                    break;
                }
            }

            IterationsRun = rounds;
            TrainingLoss = trainLoss;
            ValidationLoss = validLoss;
            // best = 0 (no tree at all) saves every iteration, i.e. none: the model predicts the class priors.
            ModelText = lib.BoosterSaveModelToString(booster, best);
            BestIteration = best;
            _featureNames = [.. train.FeatureNames];
        }
        finally
        {
            lib.BoosterFree(booster);
            lib.DatasetFree(validSet);
            lib.DatasetFree(trainSet);
        }
    }

    /// <summary>A fitted model from LightGBM model text (as written from <see cref="ModelText"/>).</summary>
    /// <param name="name">Model name.</param>
    /// <param name="modelText">LightGBM model text.</param>
    /// <param name="featureNames">The F feature names the model was fitted on.</param>
    /// <param name="options">Options (threads and library path are used for prediction).</param>
    /// <exception cref="LightGbmException">The text is not a LightGBM model.</exception>
    /// <exception cref="ArgumentException">The model has another number of features or classes.</exception>
    /// <exception cref="LightGbmUnavailableException">The native library cannot be loaded.</exception>
    public static LightGbmClassifier Load(string name, string modelText, IReadOnlyList<string> featureNames, LightGbmOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(modelText);
        ArgumentNullException.ThrowIfNull(featureNames);
        var model = new LightGbmClassifier(name, options);
        var lib = LightGbmLibrary.Load(model._options.LibraryPath);
        var (booster, iterations) = lib.BoosterLoadModelFromString(modelText);
        lib.BoosterFree(booster);
        var header = modelText.Split('\n').Take(64).ToList();
        var classes = HeaderInt(header, "num_class=");
        var features = HeaderInt(header, "max_feature_idx=") + 1;
        if (classes != model.Classes || features != featureNames.Count)
        {
            throw new ArgumentException($"{name}: the saved model has {classes} classes and {features} features; expected {model.Classes} and {featureNames.Count}.", nameof(modelText));
        }

        model.ModelText = modelText;
        model.BestIteration = iterations;
        model.IterationsRun = iterations;
        model._featureNames = [.. featureNames];
        return model;
    }

    /// <inheritdoc />
    /// <exception cref="LightGbmUnavailableException">The native library cannot be loaded.</exception>
    public float[] PredictProba(TabularSet rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = ModelText ?? throw new InvalidOperationException($"{Name}: call Fit before PredictProba.");
        if (rows.FeatureCount != _featureNames!.Length)
        {
            throw new ArgumentException($"{Name}: {rows.FeatureCount} features, fitted on {_featureNames.Length}.", nameof(rows));
        }

        var result = new float[rows.Rows * Classes];
        if (rows.Rows == 0)
        {
            return result;
        }

        var lib = LightGbmLibrary.Load(_options.LibraryPath);
        var (booster, _) = lib.BoosterLoadModelFromString(text);
        try
        {
            var probs = new double[rows.Rows * Classes];
            lib.BoosterPredict(booster, rows.Features, rows.Rows, rows.FeatureCount, -1, $"num_threads={_options.Threads}", probs);
            for (var i = 0; i < probs.Length; i++)
            {
                result[i] = (float)probs[i];
            }
        }
        finally
        {
            lib.BoosterFree(booster);
        }

        return result;
    }

    /// <summary>Total gain of each feature's splits over the kept trees, as fractions summing to 1 (all 0 when no split was made); length F.</summary>
    /// <exception cref="InvalidOperationException">Before Fit or Load.</exception>
    public double[] GainImportance()
    {
        var text = ModelText ?? throw new InvalidOperationException($"{Name}: call Fit first.");
        var lib = LightGbmLibrary.Load(_options.LibraryPath);
        var (booster, _) = lib.BoosterLoadModelFromString(text);
        try
        {
            var gain = lib.BoosterFeatureImportance(booster, _featureNames!.Length, 1);
            var total = gain.Sum();
            return total > 0 ? [.. gain.Select(g => g / total)] : gain;
        }
        finally
        {
            lib.BoosterFree(booster);
        }
    }

    /// <summary>The feature names the model was fitted on (empty before Fit).</summary>
    public IReadOnlyList<string> FeatureNames => _featureNames ?? [];

    private static (float[] X, float[] Y, float[] W) Usable(TabularSet set)
    {
        var rows = Enumerable.Range(0, set.Rows).Where(i => set.Labels[i] >= 0 && set.Weights[i] > 0).ToArray();
        var F = set.FeatureCount;
        var x = new float[(long)rows.Length * F];
        var y = new float[rows.Length];
        var w = new float[rows.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            set.Features.AsSpan((int)((long)rows[r] * F), F).CopyTo(x.AsSpan((int)((long)r * F), F));
            y[r] = set.Labels[rows[r]];
            w[r] = set.Weights[rows[r]];
        }

        return (x, y, w);
    }

    private double[] ClassWeights(float[] y, float[] w)
    {
        var weight = Enumerable.Repeat(1.0, Classes).ToArray();
        if (!_options.BalanceClasses)
        {
            return weight;
        }

        var perClass = new double[Classes];
        for (var i = 0; i < y.Length; i++)
        {
            perClass[(int)y[i]] += w[i];
        }

        var total = perClass.Sum();
        for (var k = 0; k < Classes; k++)
        {
            weight[k] = perClass[k] > 0 ? total / (Classes * perClass[k]) : 0.0;
        }

        return weight;
    }

    private static void Reweight(float[] y, float[] w, double[] classWeight)
    {
        for (var i = 0; i < y.Length; i++)
        {
            w[i] = (float)(w[i] * classWeight[(int)y[i]]);
        }
    }

    private static int HeaderInt(List<string> lines, string prefix)
    {
        var line = lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))
            ?? throw new ArgumentException($"LightGBM model text has no '{prefix}' line.");
        return int.Parse(line[prefix.Length..].Trim(), CultureInfo.InvariantCulture);
    }
}
