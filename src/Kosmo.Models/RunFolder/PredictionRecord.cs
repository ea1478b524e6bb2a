namespace Kosmo.Models.RunFolder;

/// <summary>One row of <c>RUN/predictions.csv</c>: a model's class probabilities for one stock on one date.</summary>
/// <param name="Date">Signal date t (the prediction uses data up to the close of t).</param>
/// <param name="Code">Stock code, as text (leading zeros kept).</param>
/// <param name="Model">Model name (the key under <c>models</c> in metrics.json).</param>
/// <param name="PDown">P(class 0, down).</param>
/// <param name="PFlat">P(class 1, flat).</param>
/// <param name="PUp">P(class 2, up).</param>
public readonly record struct PredictionRecord(DateOnly Date, string Code, string Model, float PDown, float PFlat, float PUp);
