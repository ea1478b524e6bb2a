using Kosmo.Core.IO;
using Kosmo.Models.RunFolder;
using Kosmo.Features.Splits;

namespace Kosmo.Experiment;

/// <summary>Trains one model on a fold and predicts the fold's test samples.</summary>
internal interface IModelRunner
{
    /// <summary>Model name in predictions.csv and metrics.json.</summary>
    string Name { get; }

    /// <summary>Fits on <see cref="FoldData.Train"/> (and validation where used) and returns test predictions.</summary>
    /// <param name="prepared">The prepare stage's record.</param>
    /// <param name="fold">The fold (its seed is the cell's).</param>
    /// <param name="cellDir">The cell's folder (checkpoints, saved models, interpretation files).</param>
    /// <param name="status">Progress lines.</param>
    /// <param name="cancel">Ctrl-C.</param>
    IReadOnlyList<PredictionRecord> Run(Prepared prepared, FoldData fold, string cellDir, Action<string> status, CancellationToken cancel);
}
