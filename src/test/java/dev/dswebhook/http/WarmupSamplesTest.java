package dev.dswebhook.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dswebhook.admission.AdmissionService;
import dev.dswebhook.admission.Reply;
import dev.dswebhook.decode.JsonLimits;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The warm-up's reviews take the paths real ones take: each is judged as its name says. */
@DisplayName("The warm-up's synthetic reviews")
class WarmupSamplesTest {

    @Test
    @DisplayName("are a defaulted create, an allowed and a denied create, two updates and a v1beta1 review")
    void eachTakesItsPath() throws Exception {
        AdmissionService service = AdmissionService.create(new JsonLimits(128, 8 << 20, 100));
        List<Warmup.Sample> samples = Warmup.samples();
        List<String> expected = List.of(
                "mutate CREATE allowed patched",
                "validate CREATE allowed",
                "validate CREATE denied",
                "mutate UPDATE allowed",
                "validate UPDATE allowed",
                "validate CREATE allowed admission.k8s.io/v1beta1");
        assertEquals(expected.size(), samples.size());
        for (int i = 0; i < samples.size(); i++) {
            Warmup.Sample sample = samples.get(i);
            Reply fromArray = service.handle(sample.webhook(), sample.review(), 0, sample.review().length);
            Reply fromStream = service.handle(sample.webhook(), new ByteArrayInputStream(sample.review()));
            assertEquals(expected.get(i), describe(fromArray), "sample " + i);
            assertEquals(new String(fromArray.body()), new String(fromStream.body()), "both ways in, one reply");
        }
    }

    private static String describe(Reply reply) {
        var decision = reply.decision();
        String version = decision.request().version().apiVersion();
        return decision.webhook().id() + " " + decision.request().operation() + " "
                + decision.verdict().id()
                + (decision.patched() ? " patched" : "")
                + (version.endsWith("v1beta1") ? " " + version : "");
    }
}
