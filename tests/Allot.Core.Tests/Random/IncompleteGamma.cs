namespace Allot.Core.Tests.Random;

/// <summary>The regularised lower incomplete gamma P(a, x) (Numerical Recipes' series / continued fraction).</summary>
internal static class IncompleteGamma
{
    public static double RegularizedLower(double a, double x)
    {
        if (x <= 0)
        {
            return 0;
        }

        var logPrefix = (a * Math.Log(x)) - x - LogGamma(a);
        if (x < a + 1)
        {
            double sum = 1.0 / a, term = sum, ap = a;
            for (var n = 0; n < 10_000 && Math.Abs(term) > Math.Abs(sum) * 1e-15; n++)
            {
                ap += 1;
                term *= x / ap;
                sum += term;
            }

            return sum * Math.Exp(logPrefix);
        }

        const double tiny = 1e-300;
        double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
        for (var i = 1; i < 10_000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = (an * d) + b;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = b + (an / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-15)
            {
                break;
            }
        }

        return 1 - (Math.Exp(logPrefix) * h);
    }

    private static double LogGamma(double x)
    {
        // Lanczos approximation (g = 7, n = 9); accurate to ~1e-15 for x > 0.
        double[] coefficients =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7,
        ];
        if (x < 0.5)
        {
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        }

        x -= 1;
        var a = coefficients[0];
        var t = x + 7.5;
        for (var i = 1; i < 9; i++)
        {
            a += coefficients[i] / (x + i);
        }

        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(a);
    }
}
