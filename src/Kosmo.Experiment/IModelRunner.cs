using Kosmo.Models.RunFolder;
using Kosmo.Features.Splits;

namespace Kosmo.Experiment;

/// <summary>Trains one model on a fold and predicts the fold's test samples.</summary>
internal interface IModelRunner
{
    /// <summary>Model name in predictions.csv and metrics.json.</summary>
    string Name { get; }

    /// <summary>Fits on <see cref="FoldData.Train"/> (and validation where used) and returns test predictions.</summary>
    IReadOnlyList<PredictionRecord> Run(RunContext ctx, FoldData fold, Action<string> status, CancellationToken cancel);
}
