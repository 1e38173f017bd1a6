using Allot.Segment1A.Contracts;
using Allot.Segment1A.Dirichlet;
using Allot.Segment1A.Integerisation;

namespace Allot.Segment1A.Inputs;

/// <summary>Loads and joins S7's inputs; every violation is raised before any output is written.</summary>
public static class S7InputLoader
{
    /// <summary>Loads country sets, nb_final, merchant attributes and hyperparameters, and resolves α per merchant.</summary>
    public static S7Inputs Load(S7InputOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var lineage = options.Lineage;
        var dictionary = Segment1AContracts.Dictionary(options.DictionaryPath);
        var tokens = lineage.Tokens();
        var timings = new Dictionary<string, double>(StringComparer.Ordinal);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var countries = CountrySetReader.Read(dictionary.Resolve(options.DataRoot, "country_set", tokens, S7Errors.SchemaInvalid), lineage.ManifestFingerprint);
        timings["load_country_set"] = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var (nb, nbRunId) = NbFinalReader.Read(dictionary.Resolve(options.DataRoot, "rng_event_nb_final", tokens, S7Errors.SchemaInvalid), options.NbRunId, lineage);
        timings["load_nb_final"] = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var attributes = MerchantAttributesReader.Read(options.MerchantsPath ?? dictionary.Resolve(options.DataRoot, "merchant_attributes", tokens, S7Errors.SchemaInvalid));
        timings["load_merchant_attributes"] = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var hyper = CrossBorderHyperparameters.Load(options.HyperparametersPath ?? dictionary.Resolve(options.DataRoot, "crossborder_hyperparams", tokens, S7Errors.SchemaInvalid));

        var merchants = countries.MerchantCount;
        var outlets = new long[merchants];
        var alpha = new double[countries.RowCount];
        var rungs = new AlphaRung[merchants];
        var matched = 0;
        for (var k = 0; k < merchants; k++)
        {
            var id = countries.MerchantIds[k];
            if (!nb.TryGetValue(id, out outlets[k]))
            {
                throw S7Errors.Fail(S7Errors.UpstreamMissing, "the merchant has a country set but no nb_final event (N unknown).", key: $"merchant_id={id}");
            }

            matched++;
            if (!attributes.TryGetValue(id, out var attr))
            {
                throw S7Errors.Fail(S7Errors.UpstreamMissing, "the merchant is missing from the merchant attributes table.", key: $"merchant_id={id}");
            }

            var set = countries.Countries(k);
            if (attr.HomeIso != set[0])
            {
                throw S7Errors.Fail(S7Errors.SchemaInvalid, $"home_country_iso {IsoCode.Name(attr.HomeIso)} differs from the country set's home {IsoCode.Name(set[0])}.", key: $"merchant_id={id}");
            }

            if (set.Length > 1)
            {
                rungs[k] = hyper.Resolve(attr.HomeIso, attr.Mcc, attr.Channel, alpha.AsSpan(countries.Offsets[k], set.Length));
            }
        }

        timings["load_join_alpha"] = sw.Elapsed.TotalMilliseconds;
        return new S7Inputs
        {
            LoadTimingsMs = timings,
            Lineage = lineage,
            Dictionary = dictionary,
            Countries = countries,
            Outlets = outlets,
            Alpha = alpha,
            Rungs = rungs,
            NbRunId = nbRunId,
            Hyperparameters = hyper,
            NbFinalWithoutCountrySet = nb.Count - matched,
        };
    }
}
