using Kosmo.Experiment.Config;
using Kosmo.Models.Abstractions;
using Kosmo.Models.Boosting;
using Kosmo.Models.RunFolder;
using Kosmo.Models.Tft;
using Kosmo.Core.IO;
using Kosmo.Features.Splits;

namespace Kosmo.Experiment;

/// <summary>
/// The <c>lightgbm</c> baseline: gradient-boosted trees on the last day's features plus their 5- and 20-day changes
/// (<see cref="LagChangeFeatures"/>), fitted on the fold's training rows and early-stopped on its validation rows (the
/// slice the window models early-stop on). The booster is saved as LightGBM text in the cell folder
/// (<see cref="ModelFile"/>) before predicting, so a resumed cell, the out-of-time step and <c>kosmo predict</c> reuse
/// it; gain importance goes to the cell's variable_importance.csv (kind <c>temporal</c>, fractions summing to 1).
/// </summary>
internal sealed class LightGbmRunner(string name, LightGbmOptions config) : IModelRunner
{
    /// <summary>The booster's file in the cell folder.</summary>
    public const string ModelFile = RunLayout.LightGbmModelFile;

    public string Name => name;

    /// <summary>The classifier options of a cell (its seed, the run's thread count).</summary>
    public LightGbmOptions Options(Prepared prepared, int seed) => config.ForCell(seed, prepared.Config.Threads) with { Classes = prepared.Labels.ClassCount };

    public IReadOnlyList<PredictionRecord> Run(Prepared prepared, FoldData fold, string cellDir, Action<string> status, CancellationToken cancel)
    {
        var model = FitOrLoad(prepared, fold, cellDir, status);
        cancel.ThrowIfCancellationRequested();
        TftInterpretationCsv.WriteVariableImportance(RunLayout.VariableImportance(cellDir), name, model.FeatureNames, model.GainImportance(), [], []);
        var test = Rows(prepared, fold.Test);
        return ClassifierPredictions.ToRecords(name, test, model.PredictProba(test), model.Classes);
    }

    /// <summary>The fold's booster: loaded from the cell folder when saved there, else fitted and saved (temp file + rename).</summary>
    public LightGbmClassifier FitOrLoad(Prepared prepared, FoldData fold, string dir, Action<string> status)
    {
        var file = Path.Combine(dir, ModelFile);
        var options = Options(prepared, fold.Seed);
        var names = LagChangeFeatures.Names(prepared.Cube.Names, LagChangeFeatures.DefaultLags);
        if (File.Exists(file))
        {
            status($"{name} fold {fold.Name}: reusing the saved booster {file}");
            return LightGbmClassifier.Load(name, File.ReadAllText(file), names, options);
        }

        var train = Rows(prepared, fold.Train);
        var validation = Rows(prepared, fold.Validation);
        status($"{name}: fitting on {train.Rows:N0} rows × {train.FeatureCount} features, early stopping on {validation.Rows:N0}");
        var model = new LightGbmClassifier(name, options);
        model.Fit(train, validation);
        Directory.CreateDirectory(dir);
        AtomicFile.WriteAllText(file, model.ModelText ?? throw new InvalidOperationException($"{name}: LightGBM returned no model text."));
        var loss = model.ValidationLoss.Count >= model.BestIteration && model.BestIteration > 0 ? $", validation loss {model.ValidationLoss[model.BestIteration - 1]:F4}" : "";
        status($"{name} fold {fold.Name}: best round {model.BestIteration} of {model.IterationsRun}{loss}");
        return model;
    }

    /// <summary>Rows of the given samples: <see cref="LagChangeFeatures"/> at each sample's date, with its label and weight.</summary>
    public static TabularSet Rows(Prepared prepared, int[] indices)
    {
        var lags = LagChangeFeatures.DefaultLags;
        return TabularRunner.Rows(prepared, indices, LagChangeFeatures.Names(prepared.Cube.Names, lags), (i, t, row) => LagChangeFeatures.Fill(prepared.Cube, i, t, lags, row));
    }
}
