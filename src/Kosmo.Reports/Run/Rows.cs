namespace Kosmo.Reports.Run;

// Plain rows of the run-folder CSV files (see docs/run-folder.md). Internal data carriers, grouped in one file.

/// <summary>One row of capacity.csv: a strategy's result at one starting account size (KRW).</summary>
internal sealed record CapacityRow(double AccountKrw, string Strategy, double TotalReturn, double Cagr, double Sharpe, double CostDrag);

/// <summary>One row of attention.csv: mean attention weight a model puts on a lag (1 = the previous day).</summary>
internal sealed record AttentionRow(string Model, int Lag, double Weight);

/// <summary>One row of variable_importance.csv: a variable-selection weight; kind is "temporal" or "static".</summary>
internal sealed record ImportanceRow(string Model, string Kind, string Variable, double Weight);

/// <summary>One row of training_log.csv (one epoch of one fold). Missing optional values are NaN.</summary>
internal sealed record TrainingRow(string Model, int Fold, int Epoch, double TrainLoss, double ValLoss, double ValMacroF1, double Lr, double SamplesPerS);

/// <summary>Streaming summary of predictions.csv for one model.</summary>
internal sealed record PredictionSummary(string Model, long Rows, int Dates, int Codes, DateOnly First, DateOnly Last, double MeanDown, double MeanFlat, double MeanUp, long ArgDown, long ArgFlat, long ArgUp);

/// <summary>A reliability-diagram bin from metrics.json models.NAME.calibration.</summary>
internal sealed record CalibrationBin(double BinMid, double MeanPred, double FracPos, double Count);

/// <summary>A paired model comparison from metrics.json "comparisons".</summary>
internal sealed record Comparison(string A, string B, string Metric, double Diff, double CiLo, double CiHi, double PValue);
