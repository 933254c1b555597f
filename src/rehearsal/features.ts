/**
 * Features a catalogue case may require (`requires:`) that are enabled in this build. A case whose
 * feature is not here is reported "not run (feature pending)" and never matched. Disclosure (will
 * expressions over SOAP, SP8/SP9 with consents and prohibitions) and spärrmarkering (the KR
 * compilation without the covered items) landed with issue 5.
 */
export const ENABLED_FEATURES: ReadonlySet<string> = new Set<string>(["disclosure", "sparrmarkering"]);
