namespace Kosmo.Models.Training;

/// <summary>What <see cref="Trainer.Fit"/> did.</summary>
/// <param name="Model">Model name.</param>
/// <param name="Fold">Fold number.</param>
/// <param name="History">One record per epoch run (including epochs restored from a checkpoint).</param>
/// <param name="BestEpoch">1-based epoch whose weights the model holds at the end (the last epoch without validation).</param>
/// <param name="BestScore">The early-stopping metric at <see cref="BestEpoch"/> (NaN without validation).</param>
/// <param name="StoppedEarly">True when patience ran out before the last epoch.</param>
/// <param name="ResumedFromEpoch">Epochs already done in the checkpoint resumed from (0 for a fresh start).</param>
/// <param name="ClassWeights">The class weights used, or null.</param>
public sealed record TrainingResult(
    string Model,
    int Fold,
    IReadOnlyList<EpochRecord> History,
    int BestEpoch,
    double BestScore,
    bool StoppedEarly,
    int ResumedFromEpoch,
    float[]? ClassWeights)
{
    /// <summary>The history as training_log.csv rows.</summary>
    public IEnumerable<TrainingLogRow> LogRows() =>
        History.Select(e => new TrainingLogRow(Model, Fold, e.Epoch, e.TrainLoss, e.ValidationLoss, e.ValidationMacroF1, e.LearningRate, e.SamplesPerSecond));
}
