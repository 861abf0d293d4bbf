package vn.pulse.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.pulse.schemas.border.GateEvent;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.VaccineAllocation;

class EventValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final EventValidator validator = new EventValidator(Clock.fixed(IngestFixtures.NOW, ZoneOffset.UTC), Duration.ofMinutes(5));

    private EventValidator.Result validate(IngestKind kind, String json) throws Exception {
        JsonNode node = JSON.readTree(json);
        return validator.validate(kind, node, "$", false);
    }

    @Test
    void aGateEventIsKeyedByItsGateAndItsAmountsKeepTheSchemasScale() throws Exception {
        EventValidator.Result r = validate(IngestKind.GATE_EVENTS, IngestFixtures.gateEvent("g-1", "TAN_THANH", "12.5", "\"1000.5\""));
        assertThat(r.errors()).isEmpty();
        assertThat(r.event().key()).isEqualTo("TAN_THANH");
        assertThat(r.event().id()).isEqualTo("g-1");
        GateEvent e = (GateEvent) r.event().value();
        assertThat(e.getTons()).isEqualTo(new BigDecimal("12.500"));
        assertThat(e.getDeclaredValueUsd()).isEqualTo(new BigDecimal("1000.50"));
        assertThat(e.getGreenLane()).isFalse();
    }

    @Test
    void refusesControlCharactersAndUnpairedSurrogatesInTextButKeepsTabsAndEmoji() throws Exception {
        for (String hostile : List.of("a\\u0000b", "a\\u001bb", "a\\ud800b", "a\\udc00")) {
            EventValidator.Result r = validate(IngestKind.DOSE_CORRECTIONS,
                    "{\"correctionId\":\"c-1\",\"doseEventId\":\"" + hostile + "\",\"reason\":\"x\"}");
            assertThat(r.errors()).as(hostile).singleElement().satisfies(e -> assertThat(e.path()).isEqualTo("$.doseEventId"));
        }
        EventValidator.Result ok = validate(IngestKind.DOSE_CORRECTIONS,
                "{\"correctionId\":\"c-1\",\"doseEventId\":\"d-1\",\"reason\":\"nhập trùng\\t\\ud83d\\ude00\"}");
        assertThat(ok.errors()).isEmpty();
    }

    @Test
    void aPersonReferenceMustBeAPseudonymousHashNeverANameOrIdNumber() throws Exception {
        String hmac = "3f".repeat(32);
        for (String identifying : List.of("001089012345", "Nguyễn Văn A", hmac.toUpperCase(java.util.Locale.ROOT), hmac + "0")) {
            EventValidator.Result r = validate(IngestKind.VACCINATION_DOSES,
                    IngestFixtures.dose("d-p", "180").replace("}", ",\"personRef\":\"" + identifying + "\"}"));
            assertThat(r.valid()).as(identifying).isFalse();
            assertThat(r.errors()).singleElement().satisfies(e -> {
                assertThat(e.path()).isEqualTo("$.personRef");
                assertThat(e.reason()).contains("pseudonymous").doesNotContain(identifying);
            });
        }
        EventValidator.Result ok = validate(IngestKind.VACCINATION_DOSES,
                IngestFixtures.dose("d-p", "180").replace("}", ",\"personRef\":\"" + hmac + "\"}"));
        assertThat(((DoseAdministered) ok.event().value()).getPersonRef()).isEqualTo(hmac);
    }

    @Test
    void aDoseIsKeyedByItsIdStampedWithItsTimeAndReportedNowWhenNotSaid() throws Exception {
        EventValidator.Result r = validate(IngestKind.VACCINATION_DOSES, IngestFixtures.dose("d-1", "180"));
        assertThat(r.errors()).isEmpty();
        assertThat(r.event().key()).isEqualTo("d-1");
        assertThat(r.event().scopeCode()).isEqualTo("180");
        DoseAdministered d = (DoseAdministered) r.event().value();
        assertThat(r.event().timestamp()).isEqualTo(Instant.parse("2021-12-24T02:15:00Z").toEpochMilli());
        assertThat(d.getReportedAt()).isEqualTo(IngestFixtures.NOW);
    }

    @Test
    void aCorrectionIsKeyedByTheDoseItRetracts() throws Exception {
        EventValidator.Result r = validate(IngestKind.DOSE_CORRECTIONS,
                "{\"correctionId\":\"c-1\",\"doseEventId\":\"d-9\",\"reason\":\"wrong site\"}");
        assertThat(r.event().key()).isEqualTo("d-9");
        assertThat(r.event().id()).isEqualTo("c-1");
    }

    @Test
    void anAllocationWithoutDistrictIsTheProvincesStock() throws Exception {
        EventValidator.Result r = validate(IngestKind.VACCINE_ALLOCATIONS,
                "{\"allocationId\":\"a-1\",\"vaccineProduct\":\"Vero Cell\",\"doses\":5000,\"deliveredOn\":\"2021-09-01\"}");
        assertThat(r.errors()).isEmpty();
        assertThat(((VaccineAllocation) r.event().value()).getDistrictCode()).isNull();
        assertThat(r.event().key()).isEqualTo("a-1");
    }

    @Test
    void reportsEveryWrongFieldOfAnEvent() throws Exception {
        EventValidator.Result r = validate(IngestKind.CHECKPOINT_SCREENINGS,
                "{\"eventId\":\" \",\"gateCode\":\"NOWHERE\",\"occurredAt\":\"yesterday\",\"peopleScreened\":-3,\"tested\":1.5}");
        assertThat(r.valid()).isFalse();
        assertThat(r.errors()).extracting(FieldError::toString).containsExactlyInAnyOrder(
                "$.eventId: must not be blank",
                "$.gateCode: unknown gate code 'NOWHERE' (known: HUU_NGHI, DONG_DANG, TAN_THANH, CHI_MA, COC_NAM, NA_HINH, BINH_NGHI, NA_NUA)",
                "$.occurredAt: must be an ISO-8601 date-time with offset, e.g. 2021-08-01T09:30:00+07:00, was 'yesterday'",
                "$.peopleScreened: must not be negative, was -3",
                "$.tested: must be a whole number",
                "$.positive: required");
    }

    @Test
    void refusesTheRulesTheTopologyWouldDeadLetter() throws Exception {
        EventValidator.Result screening = validate(IngestKind.CHECKPOINT_SCREENINGS, IngestFixtures.screening("s", "CHI_MA", 5, 6, 7));
        assertThat(screening.errors()).extracting(FieldError::path).containsExactly("$.tested", "$.positive");
        EventValidator.Result early = validate(IngestKind.VACCINATION_DOSES,
                IngestFixtures.dose("d", "178").replace("2021-12-24T09:15:00+07:00", "2020-06-01T09:00:00+07:00"));
        assertThat(early.errors()).extracting(FieldError::path).containsExactly("$.administeredAt");
        EventValidator.Result noDoses = validate(IngestKind.VACCINE_ALLOCATIONS,
                "{\"allocationId\":\"a\",\"vaccineProduct\":\"Pfizer\",\"doses\":0,\"deliveredOn\":\"2021-12-20\"}");
        assertThat(noDoses.errors()).extracting(FieldError::toString).containsExactly("$.doses: must be positive, was 0");
    }

    @Test
    void allowsTheClockSkewButNotMore() throws Exception {
        String fourMinutesAhead = IngestFixtures.gateEvent("g", "HUU_NGHI", "1", "1").replace("2021-12-24T08:30:00+07:00", "2021-12-24T10:04:00Z");
        assertThat(validate(IngestKind.GATE_EVENTS, fourMinutesAhead).errors()).isEmpty();
        String sixMinutesAhead = fourMinutesAhead.replace("10:04:00Z", "10:06:00Z");
        assertThat(validate(IngestKind.GATE_EVENTS, sixMinutesAhead).errors()).extracting(FieldError::path).containsExactly("$.occurredAt");
    }

    @Test
    void moneyHasAtMostTwoDecimalsAndTonsThree() throws Exception {
        assertThat(validate(IngestKind.GATE_EVENTS, IngestFixtures.gateEvent("g", "HUU_NGHI", "1.2345", "1.005")).errors())
                .extracting(FieldError::toString)
                .containsExactly("$.tons: at most 3 decimals, was 1.2345", "$.declaredValueUsd: at most 2 decimals, was 1.005");
    }

    @Test
    void csvValuesMayBeNumbersInText() {
        var node = JSON.createObjectNode().put("eventId", "s").put("gateCode", "CHI_MA").put("occurredAt", "2021-12-24T08:00:00+07:00")
                .put("peopleScreened", "10").put("tested", "4").put("positive", "0");
        assertThat(validator.validate(IngestKind.CHECKPOINT_SCREENINGS, node, "line 2", true).errors()).isEmpty();
        assertThat(validator.validate(IngestKind.CHECKPOINT_SCREENINGS, node, "$", false).errors()).hasSize(3);
    }
}
