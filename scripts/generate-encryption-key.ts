// Prints a new key for INFLOWAVE_ENCRYPTION_KEYS. To rotate, put it in front of the existing keys:
//   INFLOWAVE_ENCRYPTION_KEYS="<new>,<old>"
import { generateKeySpec } from "../lib/crypto/keyring";

process.stdout.write(generateKeySpec() + "\n");
