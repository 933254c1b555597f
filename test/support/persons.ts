/**
 * The persons of the population-register fixture (fixtures/world/persons.json, guardianship.json,
 * mandates.json) that tests name, with the facts they are chosen for.
 */
export const PERSONS = {
  /** Guardian of Ella and David. */
  ANNA: "140375-921H",
  /** David's other guardian (housing-only custody agreement); holds a §7 information right about Ella. */
  BERTIL: "021182-934E",
  /** 14: guardians Anna and Bertil. */
  DAVID: "050912A958F",
  /** 10: guardian Anna. */
  ELLA: "300116A962A",
  /** 16, spärrmarkering; guardian Cecilia. */
  FILIP: "121209A9701",
  /** Spärrmarkering; guardian of Filip and (appointed) of Noah. */
  CECILIA: "230684-946V",
  /** 11: guardians Gustav and Cecilia. */
  NOAH: "030615A9764",
  GUSTAV: "190790-981S",
  /** Declared incapacitated (interest guardian Lisa). */
  KARL: "170361-972F",
  /** Gave Lisa an electronic mandate for social-welfare matters. */
  JONAS: "040479Y915P",
  LISA: "250788-987A",
} as const;
