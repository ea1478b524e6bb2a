namespace Kosmo.Models.Training;

/// <summary>Figures of one finished epoch (one row of training_log.csv).</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's batches (weighted by batch size).</param>
/// <param name="ValidationLoss">Weighted validation cross-entropy, NaN without validation.</param>
/// <param name="ValidationMacroF1">Validation macro F1 over all classes, NaN without validation.</param>
/// <param name="LearningRate">Learning rate of the epoch's last step.</param>
/// <param name="SamplesPerSecond">Training samples per second (forward + backward + step, without validation).</param>
public sealed record EpochRecord(int Epoch, double TrainLoss, double ValidationLoss, double ValidationMacroF1, double LearningRate, double SamplesPerSecond);
