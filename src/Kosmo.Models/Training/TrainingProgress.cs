namespace Kosmo.Models.Training;

/// <summary>
/// A progress report of <see cref="Trainer"/>: sent every few batches and once at the end of each epoch
/// (<see cref="EpochEnd"/> true, with the validation figures).
/// </summary>
/// <param name="Model">Model name.</param>
/// <param name="Fold">Fold number.</param>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Epochs">Maximum epochs.</param>
/// <param name="Batch">1-based batch within the epoch (= Batches at the end).</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Loss">Mean training loss of the epoch so far.</param>
/// <param name="SamplesPerSecond">Training throughput of the epoch so far.</param>
/// <param name="LearningRate">Learning rate of the last step.</param>
/// <param name="EpochEnd">True for the end-of-epoch report.</param>
/// <param name="ValidationLoss">Validation loss (NaN before the epoch ends or without validation).</param>
/// <param name="ValidationMacroF1">Validation macro F1 (NaN likewise).</param>
public readonly record struct TrainingProgress(
    string Model,
    int Fold,
    int Epoch,
    int Epochs,
    int Batch,
    int Batches,
    double Loss,
    double SamplesPerSecond,
    double LearningRate,
    bool EpochEnd,
    double ValidationLoss,
    double ValidationMacroF1);
