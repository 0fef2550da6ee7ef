"""How the care team's outreach attempts read on staff pages (the follow-up queue, the patient
detail's outreach log)."""

from program.vocabulary import OutreachMethod

OUTREACH_WORDS = {
    OutreachMethod.CALLED: "Called, spoke with them",
    OutreachMethod.LEFT_MESSAGE: "Left a message",
    OutreachMethod.TEXTED: "Sent a text",
    OutreachMethod.NO_ANSWER: "Called, no answer",
}
