using System.Text.Json;
using System.Text.Json.Nodes;
using Kosmo.Models.Abstractions;

namespace Kosmo.Models.Baselines;

/// <summary>
/// Multinomial logistic regression with an L2 penalty, on features standardised with training statistics only.
/// Minimises J(θ) = Σ_i ω_i (−log p_{i,y_i}) / Σ_i ω_i + (λ/2) Σ_k Σ_{f≥1} θ_{k,f}², with p_i = softmax(θ x_i) over
/// the C classes (3 by default; one coefficient row per class, the symmetric parametrisation), ω_i = sample weight × class
/// weight, by damped Newton steps (exact Hessian, Cholesky solve, backtracking line search). Intercepts are not
/// penalised and are centred to sum 0 after fitting (probabilities do not change). Missing features are imputed with
/// the training mean.
/// </summary>
public sealed class LogisticRegressionClassifier : IClassifier
{
    private readonly int Classes;
    private readonly LogisticRegressionOptions _options;
    private FeatureStandardizer? _standardizer;

    /// <summary>Creates an unfitted model.</summary>
    /// <param name="name">Model name.</param>
    /// <param name="options">Penalty and solver settings.</param>
    /// <param name="classes">C, the number of classes (labels 0..C−1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> &lt; 2.</exception>
    public LogisticRegressionClassifier(string name = "logit", LogisticRegressionOptions? options = null, int classes = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        Classes = classes;
        Name = name;
        _options = options ?? new LogisticRegressionOptions();
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Coefficients on the standardised scale, (C, F + 1) row-major, column 0 the intercept; null before Fit.</summary>
    public double[]? Coefficients { get; private set; }

    /// <summary>Newton iterations used by the last fit.</summary>
    public int Iterations { get; private set; }

    /// <summary>Whether the last fit reached the gradient tolerance.</summary>
    public bool Converged { get; private set; }

    /// <summary>Final objective value J of the last fit.</summary>
    public double Objective { get; private set; }

    /// <summary>The standardiser learned on the training rows.</summary>
    public FeatureStandardizer? Standardizer => _standardizer;

    /// <summary>
    /// Coefficients on the raw feature scale, (C, F + 1): β_kf = θ_kf / s_f and β_k0 = θ_k0 − Σ_f θ_kf m_f / s_f
    /// (exact when no feature is missing).
    /// </summary>
    /// <exception cref="InvalidOperationException">Before Fit.</exception>
    public double[] RawCoefficients()
    {
        var theta = Coefficients ?? throw new InvalidOperationException("Fit first.");
        var s = _standardizer!;
        var p = s.Names.Length + 1;
        var raw = new double[theta.Length];
        for (var k = 0; k < Classes; k++)
        {
            raw[k * p] = theta[k * p];
            for (var f = 1; f < p; f++)
            {
                raw[(k * p) + f] = theta[(k * p) + f] / s.Stds[f - 1];
                raw[k * p] -= theta[(k * p) + f] * s.Means[f - 1] / s.Stds[f - 1];
            }
        }

        return raw;
    }

    /// <inheritdoc />
    public void Fit(TabularSet train)
    {
        ArgumentNullException.ThrowIfNull(train);
        var rows = Enumerable.Range(0, train.Rows).Where(i => train.Labels[i] >= 0 && train.Weights[i] > 0).ToArray();
        if (rows.FirstOrDefault(i => train.Labels[i] >= Classes, -1) is var bad and >= 0)
        {
            throw new ArgumentException($"{Name}: label {train.Labels[bad]} of row {bad} is outside 0..{Classes - 1}.", nameof(train));
        }

        if (rows.Length == 0)
        {
            throw new ArgumentException("No labelled rows with positive weight.", nameof(train));
        }

        _standardizer = FeatureStandardizer.Fit(train);
        var design = _standardizer.Design(train);
        var p = train.FeatureCount + 1;
        var omega = RowWeights(train, rows);
        var problem = new SoftmaxObjective(design, p, rows, train.Labels, omega, _options.L2, Classes);
        var theta = new double[Classes * p];
        var value = problem.Value(theta);
        Converged = false;
        Iterations = 0;
        while (Iterations < _options.MaxIterations)
        {
            var (gradient, hessian) = problem.GradientAndHessian(theta, _options.Threads);
            if (gradient.Max(Math.Abs) < _options.Tolerance)
            {
                Converged = true;
                break;
            }

            for (var j = 0; j < gradient.Length; j++)
            {
                hessian[(j * gradient.Length) + j] += 1e-10; // the intercept shift is a null direction
            }

            var step = DenseCholesky.Solve(hessian, gradient);
            var t = 1.0;
            var decrease = step.Zip(gradient, (s, g) => s * g).Sum();
            double[] candidate;
            double next;
            while (true)
            {
                candidate = theta.Zip(step, (a, s) => a - (t * s)).ToArray();
                next = problem.Value(candidate);
                // Armijo, with slack for rounding: near the optimum the decrease is below double precision of J.
                if (next <= value - (1e-4 * t * decrease) + (1e-13 * Math.Abs(value)) || t < 1e-10)
                {
                    break;
                }

                t *= 0.5;
            }

            theta = candidate;
            value = next;
            Iterations++;
        }

        var interceptSum = 0.0;
        for (var k = 0; k < Classes; k++)
        {
            interceptSum += theta[k * p];
        }

        var meanIntercept = interceptSum / Classes;
        for (var k = 0; k < Classes; k++)
        {
            theta[k * p] -= meanIntercept;
        }

        Coefficients = theta;
        Objective = problem.Value(theta);
    }

    /// <inheritdoc />
    public float[] PredictProba(TabularSet rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var theta = Coefficients ?? throw new InvalidOperationException($"{Name}: call Fit before PredictProba.");
        var design = _standardizer!.Design(rows);
        var p = rows.FeatureCount + 1;
        var result = new float[rows.Rows * Classes];
        var probs = new double[Classes];
        for (var i = 0; i < rows.Rows; i++)
        {
            SoftmaxObjective.Probabilities(theta, design.AsSpan(i * p, p), probs);
            for (var k = 0; k < Classes; k++)
            {
                result[(i * Classes) + k] = (float)probs[k];
            }
        }

        return result;
    }

    /// <summary>
    /// The fitted model as JSON: <c>{"kind":"logistic","name","features":[F],"means":[F],"stds":[F],
    /// "coefficients":[3·(F+1)]}</c> (standardised scale, row-major per class down/flat/up, column 0 the intercept);
    /// doubles are written round-trip exact, so <see cref="Load"/> predicts bitwise the same probabilities.
    /// </summary>
    /// <exception cref="InvalidOperationException">Before Fit.</exception>
    public string Save()
    {
        var theta = Coefficients ?? throw new InvalidOperationException($"{Name}: call Fit before Save.");
        var s = _standardizer!;
        var o = new JsonObject
        {
            ["kind"] = "logistic",
            ["name"] = Name,
            ["classes"] = Classes == 3 ? new JsonArray("down", "flat", "up") : new JsonArray([.. Enumerable.Range(0, Classes).Select(k => JsonValue.Create($"p_{k}"))]),
            ["features"] = new JsonArray([.. s.Names.Select(n => JsonValue.Create(n))]),
            ["means"] = new JsonArray([.. s.Means.Select(v => JsonValue.Create(v))]),
            ["stds"] = new JsonArray([.. s.Stds.Select(v => JsonValue.Create(v))]),
            ["coefficients"] = new JsonArray([.. theta.Select(v => JsonValue.Create(v))]),
            ["iterations"] = Iterations,
            ["converged"] = Converged,
        };
        return o.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>A fitted model from <see cref="Save"/>'s JSON.</summary>
    /// <exception cref="FormatException">The JSON is not a saved logistic model or its arrays disagree in length.</exception>
    public static LogisticRegressionClassifier Load(string json)
    {
        try
        {
            var o = JsonNode.Parse(json)!.AsObject();
            if ((string?)o["kind"] != "logistic")
            {
                throw new FormatException("not a saved logistic model (kind != logistic)");
            }

            var names = o["features"]!.AsArray().Select(n => (string)n!).ToArray();
            var theta = o["coefficients"]!.AsArray().Select(n => (double)n!).ToArray();
            var classes = o["classes"] is JsonArray named ? named.Count : 3;
            if (theta.Length != classes * (names.Length + 1))
            {
                throw new FormatException($"{theta.Length} coefficients for {names.Length} features ({classes} x (F + 1) expected)");
            }

            var model = new LogisticRegressionClassifier((string?)o["name"] ?? "logistic", null, classes)
            {
                _standardizer = FeatureStandardizer.Create(names, [.. o["means"]!.AsArray().Select(n => (double)n!)], [.. o["stds"]!.AsArray().Select(n => (double)n!)]),
                Coefficients = theta,
                Iterations = (int?)o["iterations"] ?? 0,
                Converged = (bool?)o["converged"] ?? false,
            };
            return model;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or ArgumentException)
        {
            throw new FormatException($"not a saved logistic model: {e.Message}", e);
        }
    }

    private double[] RowWeights(TabularSet train, int[] rows)
    {
        var classWeight = Enumerable.Repeat(1.0, Classes).ToArray();
        if (_options.BalanceClasses)
        {
            var perClass = new double[Classes];
            foreach (var i in rows)
            {
                perClass[train.Labels[i]] += train.Weights[i];
            }

            var total = perClass.Sum();
            for (var k = 0; k < Classes; k++)
            {
                classWeight[k] = perClass[k] > 0 ? total / (Classes * perClass[k]) : 0.0;
            }
        }

        return [.. rows.Select(i => train.Weights[i] * classWeight[train.Labels[i]])];
    }
}
