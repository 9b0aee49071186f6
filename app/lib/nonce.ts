import { createContext, useContext } from "react";

// The CSP nonce of this response. Browsers hide nonce attributes from scripts, so on the
// client it is an empty string, which is what hydration expects.
export const NonceContext = createContext<string>("");
export const useNonce = () => useContext(NonceContext);
