package io.hookline.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Verifies the token-name rules: normalised before the reserved-name check, look-alikes and hidden characters refused. */
class NamesTest {

    private static String problem(String raw) {
        return Names.tokenNameProblem(Names.normaliseTokenName(raw));
    }

    @Test
    void imitationsOfReservedNamesAreRefused() {
        for (String name : new String[] {
            "admin",
            "admin ",
            " system",
            "ａｄｍｉｎ",
            "ADMIN",
            "Ｓｙｓｔｅｍ",
            "admin\u00a0",
            "\u3000admin",
            "ᵃᵈᵐⁱⁿ",
            "ádmin",
            "ADMİN",
            "ЅҮЅТЕМ",
            "\tsystem\n"
        }) {
            assertThat(problem(name)).as(name).contains("reserved");
        }
        // an outside review: Latin dotless i, Latin alpha, small capitals, Armenian and lower-case Cyrillic passed
        for (String name : new String[] {
            "adm\u0131n", // admın
            "\u0251dmin", // ɑdmin
            "\u1D00dmin", // ᴀdmin
            "\u0251dm\u0131n",
            "s\u028Fstem", // sʏstem
            "\uA731ystem", // ꜱystem
            "admi\u0578", // admiո
            "\u0455\u0443\u0455\u0442\u0435\u043C", // ѕуѕтем
            "adrnin",
            "ADMlN", // a lower-case L
            "ADM1N",
            "ADM|N"
        }) {
            assertThat(problem(name)).as(name).contains("reserved");
        }
        assertThat(problem("\u0430dmin")).contains("mix Latin");
        assertThat(problem("sy\u0455tem")).contains("mix Latin");
    }

    @Test
    void hiddenAndUnstorableCharactersAreRefused() {
        for (String name : new String[] {
            "crm\u0000",
            "ad\u200bmin",
            "adm\u202ein",
            "crm\u2028sync",
            "crm\ud800",
            "crm\u0007",
            "\ufeffcrm",
            "crm\u0085"
        }) {
            assertThat(problem(name)).as(name).contains("control, invisible");
        }
    }

    @Test
    void ordinaryNamesAreKeptInTheirNormalForm() {
        assertThat(Names.normaliseTokenName("  ｃｒｍ-sync\u3000")).isEqualTo("crm-sync");
        assertThat(problem("  ｃｒｍ-sync\u3000")).isNull();
        for (String name : new String[] {
            "crm-sync", "administrator", "sysadmin", "Zoë's CRM", "Отдел продаж", "営業チーム", "mail bot 2"
        }) {
            assertThat(problem(name)).as(name).isNull();
        }
        for (String blank :
                new String[] {"\u0301".repeat(90), "\u0301 \u0301", "\u3164", "\u20DD", "\u0903", "\u2800"}) {
            assertThat(problem(blank)).as(blank).contains("not only combining marks or blank fillers");
        }
        assertThat(problem("")).contains("1..100");
        assertThat(problem("   ")).contains("1..100");
        assertThat(problem("x".repeat(101))).contains("1..100");
    }
}
